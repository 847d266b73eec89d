namespace Meeting.WebRtc.Rtcp;

/// <summary>One packet's fate in a transport-wide feedback: received or not, and its receive delta.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.5</remarks>
/// <param name="SequenceNumber">The transport-wide sequence number.</param>
/// <param name="Received">False for the "packet not received" symbol.</param>
/// <param name="Delta">Receive delta in 250 µs units from the previous received packet (the first
/// from the reference time); 0 when not received.</param>
public readonly record struct TransportFeedbackEntry(ushort SequenceNumber, bool Received, int Delta)
{
    /// <summary>TimeSpan ticks (100 ns) in one delta unit of 250 µs.</summary>
    public const long TicksPerDeltaUnit = 2500;

    public TimeSpan DeltaTime => TimeSpan.FromTicks(Delta * TicksPerDeltaUnit);
}
