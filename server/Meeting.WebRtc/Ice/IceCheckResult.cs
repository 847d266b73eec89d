namespace Meeting.WebRtc.Ice;

/// <summary>The result of one <see cref="IceLiteAgent.HandleRequest"/> call.</summary>
public readonly struct IceCheckResult
{
    public IceCheckResult(IceCheckOutcome outcome, int responseLength, bool selectedChanged)
    {
        Outcome = outcome;
        ResponseLength = responseLength;
        SelectedChanged = selectedChanged;
    }

    public IceCheckOutcome Outcome { get; }

    /// <summary>Bytes of the response written to the caller's buffer, to send back to the remote;
    /// 0 when the datagram is dropped.</summary>
    public int ResponseLength { get; }

    /// <summary>This check nominated a remote other than the previously selected one.</summary>
    public bool SelectedChanged { get; }

    public override string ToString() => $"{Outcome} ({ResponseLength} bytes{(SelectedChanged ? ", selected changed" : "")})";
}
