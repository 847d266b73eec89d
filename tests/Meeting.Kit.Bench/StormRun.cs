using System.Diagnostics;
using System.Globalization;

namespace Meeting.Kit.Bench;

/// <summary>
/// One storm: <see cref="StormOptions.Clients"/> clients join rooms of <see cref="StormOptions.RoomSize"/>
/// through Caddy (all land at GRA), GRA's server is SIGKILLed, and every client reconnects through Caddy,
/// lands at SBG and joins its room again as the same peer. Bounded by <paramref name="cancellationToken"/>.
/// </summary>
internal sealed class StormRun
{
    private readonly StormOptions _options;
    private readonly KitControl _kit;
    private readonly HttpClient _http;
    private readonly TextWriter _log;

    public StormRun(StormOptions options, KitControl kit, HttpClient http, TextWriter log)
    {
        _options = options;
        _kit = kit;
        _http = http;
        _log = log;
    }

    public async Task<StormResult> RunAsync(int run, CancellationToken cancellationToken)
    {
        var rooms = (_options.Clients + _options.RoomSize - 1) / _options.RoomSize;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"storm-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}-{run}");
        var clients = new StormClient?[_options.Clients];
        try
        {
            var setUp = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, _options.Clients),
                new ParallelOptions { MaxDegreeOfParallelism = _options.Parallel, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var room = string.Create(CultureInfo.InvariantCulture, $"{prefix}-r{i / _options.RoomSize}");
                    clients[i] = await StormClient.JoinAsync(_http, _kit.Front, room, string.Create(CultureInfo.InvariantCulture, $"storm {i}"), ct);
                });
            var joined = clients.Select(c => c!).ToArray();
            var notAtGra = joined.Count(c => c.Site != "gra");
            if (notAtGra > 0)
            {
                throw new InvalidOperationException($"{notAtGra} of {joined.Length} clients joined at another site than gra through Caddy");
            }

            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {joined.Length} clients in {rooms} rooms at gra, set up in {setUp.Elapsed.TotalSeconds:0.0} s"));

            var pid = _kit.ServerPid("gra") ?? throw new InvalidOperationException("GRA's server is not running (.kit/gra/server.pid)");
            var killedAt = Stopwatch.GetTimestamp();
            KitControl.Kill(pid);
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SIGKILL gra server (pid {pid})"));

            var back = await Task.WhenAll(joined.Select(c => c.RecoverAsync(killedAt, cancellationToken)));
            var failure = cancellationToken.IsCancellationRequested
                ? $"stopped with {back.Count(b => b)} of {joined.Length} clients back (--max-runtime {_options.MaxRuntime.TotalSeconds:0} s, or Ctrl+C)"
                : null;
            var returned = joined.Where(c => c.RejoinedMs is not null).ToArray();
            return new StormResult
            {
                Clients = joined.Length,
                Rooms = rooms,
                SetUp = setUp.Elapsed,
                KilledPid = pid,
                ClosedMs = joined.Where(c => c.ClosedMs is not null).Select(c => c.ClosedMs!.Value).ToArray(),
                ReconnectedMs = joined.Where(c => c.ReconnectedMs is not null).Select(c => c.ReconnectedMs!.Value).ToArray(),
                RejoinedMs = returned.Select(c => c.RejoinedMs!.Value).ToArray(),
                JoinMs = returned.Select(c => c.JoinMs!.Value).ToArray(),
                Back = returned.Count(c => c.Site == "sbg"),
                ElsewhereThanSbg = returned.Count(c => c.Site != "sbg"),
                RoomsWhole = CountWholeRooms(joined),
                AttemptsHistogram = joined.GroupBy(c => c.Attempts).ToDictionary(g => g.Key, g => g.Count()),
                Failures = joined.SelectMany(c => c.Failures).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal),
                RejoinsRefused = joined.Sum(c => c.RejoinsRefused),
                Failure = failure,
            };
        }
        finally
        {
            await Parallel.ForEachAsync(clients.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c!.DisposeAsync());
        }
    }

    /// <summary>A room is whole when each member's latest Join listed every other member (those inside their
    /// reconnect grace included): nobody was dropped and the room was not split.</summary>
    private static int CountWholeRooms(IEnumerable<StormClient> clients)
        => clients.GroupBy(c => c.Room, StringComparer.Ordinal).Count(room =>
        {
            var members = room.Select(c => c.PeerId).ToHashSet(StringComparer.Ordinal);
            return room.All(c => c.Site == "sbg" && members.Where(m => m != c.PeerId).All(c.Roster.Contains));
        });
}
