namespace Meeting.WebRtc.Rtcp;

/// <summary>One FIR FCI entry: the media sender asked for a decoder refresh, and the request's
/// command sequence number (incremented per new request, repeated on retransmission).</summary>
/// <remarks>RFC 5104 §4.3.1.1</remarks>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber)
{
    public const int Size = 8;
}
