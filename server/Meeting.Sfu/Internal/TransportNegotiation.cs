namespace Meeting.Sfu.Internal;

/// <summary>
/// The offer/answer state of one transport. The server is always the offerer (the browser only answers,
/// so there is never glare), and at most one offer is outstanding: a change while the browser is still
/// answering is folded into the next offer, sent as soon as that answer arrives.
/// </summary>
internal sealed class TransportNegotiation
{
    /// <summary>Past this many m-lines, a new consumer reuses an inactive one of its kind.</summary>
    public const int RecycleAfterSlots = 40;

    public int Revision { get; private set; }

    public bool AwaitingAnswer { get; private set; }

    public bool ChangedSinceOffer { get; private set; }

    /// <summary>The m-lines of the outstanding offer: an answer answers that offer, not the transport as it
    /// is now (consumers may have been added since, for the next offer).</summary>
    public IReadOnlyList<string> OfferedMids { get; private set; } = [];

    /// <summary>Starts a new offer if none is outstanding; otherwise remembers that one is due. True when the caller must send one now.</summary>
    public bool TryBeginOffer(IReadOnlyList<string> mids)
    {
        if (AwaitingAnswer)
        {
            ChangedSinceOffer = true;
            return false;
        }

        Revision++;
        OfferedMids = mids;
        AwaitingAnswer = true;
        ChangedSinceOffer = false;
        return true;
    }

    /// <summary>Accepts the answer to <paramref name="revision"/>; true when another offer is due at once.</summary>
    /// <summary>Refuses an answer to any offer but the outstanding one.</summary>
    public void EnsureCurrent(int revision)
    {
        if (!AwaitingAnswer || revision != Revision)
        {
            throw new SfuException(SfuErrorCodes.StaleAnswer, $"answer to offer {revision} but offer {Revision} is the current one");
        }
    }

    public bool CompleteAnswer(int revision)
    {
        EnsureCurrent(revision);
        AwaitingAnswer = false;
        return ChangedSinceOffer;
    }
}
