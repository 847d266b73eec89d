using System.Globalization;

namespace Meeting.Bench.Measurement;

/// <summary>Average cores in use over <see cref="Seconds"/>: by the server (null when its process cannot be read),
/// by this bench, and by every other process of the machine (null when unknown); and the bench's GC pauses.</summary>
internal readonly record struct CpuUse(
    double? ServerCores,
    double ClientCores,
    double? OtherCores,
    double Seconds,
    TimeSpan ClientGcPause,
    int ClientGen0,
    int ClientGen2)
{
    /// <summary>Other processes took enough of the machine to disturb the figures.</summary>
    public bool Disturbed => OtherCores > 0.25;

    public override string ToString()
        => $"server {Cores(ServerCores)}, bench {Cores(ClientCores)}, other processes {Cores(OtherCores)} (of {Environment.ProcessorCount})"
            + (Disturbed ? " -- DISTURBED by other processes" : string.Empty);

    public string BenchGc()
        => string.Create(CultureInfo.InvariantCulture, $"bench GC {ClientGen0} gen0 / {ClientGen2} gen2, {ClientGcPause.TotalMilliseconds:0} ms paused");

    private static string Cores(double? cores) => cores is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) + " cores" : "? cores";
}
