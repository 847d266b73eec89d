namespace Meeting.WebRtc.Rtcp;

/// <summary>One Generic NACK FCI entry: a lost packet and a bitmask of the 16 that follow it.</summary>
/// <remarks>RFC 4585 §6.2.1</remarks>
/// <param name="PacketId">PID: a lost packet's RTP sequence number.</param>
/// <param name="LostBitmask">BLP: bit i (least significant first) set when PID + i + 1 is lost too.</param>
public readonly record struct NackPair(ushort PacketId, ushort LostBitmask)
{
    public const int Size = 4;

    /// <summary>How many sequence numbers this entry reports lost (1 to 17).</summary>
    public int LostCount => 1 + System.Numerics.BitOperations.PopCount(LostBitmask);
}
