using System.Diagnostics;

namespace Meeting.Backplane.Bench.Clients;

/// <summary>
/// Every peer of the run: opened a few at a time, kept alive with pings while they only receive, and closed
/// together at the end (also those opened before a failure).
/// </summary>
internal sealed class PeerFleet : IAsyncDisposable
{
    private const int OpenInParallel = 8;
    private static readonly TimeSpan KeepAliveCheck = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleBeforePing = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly List<BenchPeer> _peers = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _keepAlive = Task.CompletedTask;

    public PeerFleet(HttpClient http) => _http = http;

    /// <summary>Peers whose connection has closed (the server dropped them, or they failed).</summary>
    public int Closed
    {
        get
        {
            lock (_gate)
            {
                return _peers.Count(p => p.IsClosed);
            }
        }
    }

    /// <summary>Opens and joins one peer per seat, in the seats' order.</summary>
    public async Task<BenchPeer[]> OpenAsync(IReadOnlyList<Seat> seats, CancellationToken cancellationToken)
    {
        var peers = new BenchPeer[seats.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, seats.Count),
            new ParallelOptions { MaxDegreeOfParallelism = OpenInParallel, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var seat = seats[index];
                var peer = await BenchPeer.ConnectAsync(_http, seat.Site, token);
                lock (_gate)
                {
                    _peers.Add(peer);
                }

                await peer.JoinAsync(seat.Room, seat.DisplayName, token);
                peers[index] = peer;
            });
        return peers;
    }

    /// <summary>Pings idle peers every few seconds until disposed or <paramref name="lifetime"/> has passed.</summary>
    public void StartKeepAlive(TimeSpan lifetime)
    {
        var maxChecks = (int)(lifetime / KeepAliveCheck) + 1;
        _keepAlive = Task.Run(() => KeepAliveAsync(lifetime, maxChecks, _stop.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _keepAlive.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // It stops at its next check.
        }

        BenchPeer[] peers;
        lock (_gate)
        {
            peers = [.. _peers];
            _peers.Clear();
        }

        await Task.WhenAll(peers.Select(p => p.DisposeAsync().AsTask()));
        _stop.Dispose();
    }

    private async Task KeepAliveAsync(TimeSpan lifetime, int maxChecks, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var check = 0; check < maxChecks && Stopwatch.GetElapsedTime(started) < lifetime; check++)
        {
            try
            {
                await Task.Delay(KeepAliveCheck, cancellationToken);
                BenchPeer[] peers;
                lock (_gate)
                {
                    peers = [.. _peers];
                }

                foreach (var peer in peers)
                {
                    await peer.PingIfIdleAsync(IdleBeforePing, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException)
            {
                // A closed peer is counted by Closed; the others still get their pings at the next check.
            }
        }
    }
}
