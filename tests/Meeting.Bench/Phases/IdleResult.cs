namespace Meeting.Bench.Phases;

/// <summary>What phase A measured.</summary>
internal sealed record IdleResult(
    int Requested,
    int RoomSize,
    int Warmup,
    int Joined,
    int Failed,
    string? FirstError,
    double ConnectSeconds,
    long? BaselineRssBytes,
    int HalfJoined,
    long? HalfRssBytes,
    long? IdleRssBytes,
    double IdleSeconds)
{
    /// <summary>Server memory per idle connection beyond the warm-up ones, in KB (1024 bytes).</summary>
    public double? KilobytesPerConnection
        => BaselineRssBytes is { } baseline && IdleRssBytes is { } idle && Joined > Warmup
            ? (idle - baseline) / 1024.0 / (Joined - Warmup)
            : null;

    /// <summary>The same, from the second half of the connections only (half open and settled, then all):
    /// what one more connection costs once start-up allocations and pools are in the baseline.</summary>
    public double? MarginalKilobytesPerConnection
        => HalfRssBytes is { } half && IdleRssBytes is { } idle && Joined > HalfJoined
            ? (idle - half) / 1024.0 / (Joined - HalfJoined)
            : null;
}
