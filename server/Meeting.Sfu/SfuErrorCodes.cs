namespace Meeting.Sfu;

/// <summary>The error codes media requests are refused with (the hub puts them before the message).</summary>
public static class SfuErrorCodes
{
    /// <summary>The SDP did not parse, or does not answer the offer it names.</summary>
    public const string InvalidSdp = "invalid_sdp";

    /// <summary>The transport named is not (or no longer) this peer's.</summary>
    public const string UnknownTransport = "unknown_transport";

    /// <summary>The answer is for an offer that a newer one replaced; a new offer follows.</summary>
    public const string StaleAnswer = "stale_answer";

    /// <summary>The server hosts as many transports as it may, or its media port is not bound.</summary>
    public const string MediaUnavailable = "media_unavailable";
}
