using System.Globalization;

namespace Meeting.Kit.Bench;

/// <summary>One storm's figures; milliseconds are counted from the SIGKILL.</summary>
internal sealed record StormResult
{
    public required int Clients { get; init; }

    public required int Rooms { get; init; }

    public required TimeSpan SetUp { get; init; }

    public required int KilledPid { get; init; }

    /// <summary>Per client that came back: when its socket was seen closed, reconnected, and was back in its room.</summary>
    public required IReadOnlyList<double> ClosedMs { get; init; }

    public required IReadOnlyList<double> ReconnectedMs { get; init; }

    public required IReadOnlyList<double> RejoinedMs { get; init; }

    /// <summary>Per client that came back: how long its successful Join took at SBG (not counted from the kill).</summary>
    public required IReadOnlyList<double> JoinMs { get; init; }

    /// <summary>Clients back in their room at SBG with the same peer id.</summary>
    public required int Back { get; init; }

    /// <summary>Clients whose rejoin answered from a site other than SBG.</summary>
    public required int ElsewhereThanSbg { get; init; }

    /// <summary>Rooms in which every client's last Join listed all the others.</summary>
    public required int RoomsWhole { get; init; }

    public required IReadOnlyDictionary<int, int> AttemptsHistogram { get; init; }

    public required IReadOnlyDictionary<string, int> Failures { get; init; }

    public required int RejoinsRefused { get; init; }

    public string? Failure { get; init; }

    public TimeSpan? RestoreReady { get; init; }

    public TimeSpan? RestoreRouted { get; init; }

    public string? RestoreFailure { get; init; }

    /// <summary>Kill to the last client back in its room: the storm's length; infinite when not all came back.</summary>
    public double StormMs => Back == Clients && RejoinedMs.Count > 0 ? RejoinedMs.Max() : double.PositiveInfinity;

    public bool Passed(TimeSpan bound)
        => Failure is null && Back == Clients && ElsewhereThanSbg == 0 && RoomsWhole == Rooms && RejoinsRefused == 0 && StormMs <= bound.TotalMilliseconds;

    public void Print(TextWriter output, TimeSpan bound)
    {
        output.WriteLine(Line("  socket closed", ClosedMs));
        output.WriteLine(Line("  hub reconnected through Caddy", ReconnectedMs));
        output.WriteLine(Line("  back in the room at sbg (same peerId)", RejoinedMs));
        output.WriteLine(Line("  (of which Join at sbg, from its handshake)", JoinMs));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  back: {Back}/{Clients} clients, rooms whole: {RoomsWhole}/{Rooms}, answered elsewhere than sbg: {ElsewhereThanSbg}, rejoins refused after reconnecting: {RejoinsRefused}"));
        output.WriteLine("  connection attempts per client: " + string.Join(", ", AttemptsHistogram.OrderBy(p => p.Key).Select(p => $"{p.Key} x{p.Value}")));
        if (Failures.Count > 0)
        {
            output.WriteLine("  failed attempts: " + string.Join("; ", Failures.OrderByDescending(p => p.Value).Select(p => $"{p.Key} x{p.Value}")));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  storm time (SIGKILL -> last client back in its room): {(double.IsInfinity(StormMs) ? "not all back" : StormMs.ToString("0", CultureInfo.InvariantCulture) + " ms")} (bound {bound.TotalMilliseconds:0} ms)"));
        if (Failure is not null)
        {
            output.WriteLine("  FAILED: " + Failure);
        }
    }

    private static string Line(string what, IReadOnlyList<double> ms)
        => ms.Count == 0
            ? $"{what,-44} (none)"
            : string.Create(CultureInfo.InvariantCulture, $"{what,-44} p50 {Percentiles.Of(ms, 50),6:0} ms  p95 {Percentiles.Of(ms, 95),6:0} ms  max {ms.Max(),6:0} ms  (n={ms.Count})");
}
