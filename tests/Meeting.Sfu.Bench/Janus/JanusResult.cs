namespace Meeting.Sfu.Bench.Janus;

/// <summary>Janus's VideoRoom under the same load as the SFU's paced run, or why it did not run.</summary>
internal sealed record JanusResult(string? Blocked, long Sent, long Received, long Verified, long Failed, double Seconds, TimeSpan JanusCpu, int Consumers)
{
    public static JanusResult Skipped(string why) => new(why, 0, 0, 0, 0, 0, TimeSpan.Zero, 0);

    public bool Ran => Blocked is null;

    public double ForwardedPerSecond => Received / Seconds;

    /// <summary>Every thread of the Janus process, per packet a subscriber received.</summary>
    public double CpuMicrosecondsPerForwarded => JanusCpu.TotalMicroseconds / Received;

    public double ForwardedPerCore => Received / JanusCpu.TotalSeconds;

    public double Loss => 1 - Received / (double)(Sent * Consumers);
}
