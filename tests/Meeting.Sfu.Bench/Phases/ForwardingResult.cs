namespace Meeting.Sfu.Bench.Phases;

/// <summary>One publisher → N subscribers through the SFU, unpaced.</summary>
internal sealed record ForwardingResult(
    long Sent,
    long Forwarded,
    long Received,
    long Verified,
    long Failed,
    double Seconds,
    TimeSpan MediaThreadCpu,
    TimeSpan ProcessCpu,
    TimeSpan ClientCpu,
    int Consumers)
{
    public double ForwardedPerSecond => Forwarded / Seconds;

    /// <summary>Forwarded packets per CPU-second of the media loop thread: packets per second per core.</summary>
    public double ForwardedPerCore => Forwarded / MediaThreadCpu.TotalSeconds;

    public double ProcessMicrosecondsPerForwarded => ProcessCpu.TotalMicroseconds / Forwarded;

    /// <summary>Process CPU minus what the publisher's and receivers' loops timed on their own threads.</summary>
    public double ServerMicrosecondsPerForwarded => (ProcessCpu - ClientCpu).TotalMicroseconds / Forwarded;

    public double MediaThreadMicrosecondsPerForwarded => MediaThreadCpu.TotalMicroseconds / Forwarded;

    /// <summary>Share of what the publisher sent × N that no subscriber received.</summary>
    public double Loss => 1 - Received / (double)(Sent * Consumers);

    /// <summary>Share of the SFU's own sends that no subscriber received (loss on the way out).</summary>
    public double EgressLoss => 1 - Received / (double)Forwarded;
}
