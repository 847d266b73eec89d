namespace Meeting.WebRtc.Sdp;

/// <summary>The o= line: who made the description and which version of it this is.</summary>
/// <remarks>RFC 8866 §5.2. JSEP (RFC 8829 §5.2.1) writes username "-", a random 62-bit session id and
/// a version increased on every new offer or answer. Ids are limited to 64 bits here; the RFC allows any
/// digit string, no browser writes more.</remarks>
public sealed record SdpOrigin(string Username, ulong SessionId, ulong SessionVersion, string Address)
{
    /// <summary>nettype, "IN" (Internet) in every WebRTC description.</summary>
    public string NetworkType { get; init; } = "IN";

    /// <summary>addrtype, "IP4" or "IP6".</summary>
    public string AddressType { get; init; } = "IP4";

    /// <summary>The o= value as written: username sess-id sess-version nettype addrtype unicast-address.</summary>
    public override string ToString() =>
        $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
