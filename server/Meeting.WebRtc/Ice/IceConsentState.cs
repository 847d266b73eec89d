namespace Meeting.WebRtc.Ice;

/// <summary>Whether the remote still consents to receive media.</summary>
/// <remarks>RFC 7675 §5.1</remarks>
public enum IceConsentState
{
    /// <summary>No valid check has arrived yet.</summary>
    Pending,

    /// <summary>A valid check arrived within the consent timeout.</summary>
    Granted,

    /// <summary>No valid check from the selected remote (before nomination: from any remote) for
    /// the consent timeout. Not sticky: a later valid check grants consent again; the caller decides
    /// whether to close the transport.</summary>
    Expired,
}
