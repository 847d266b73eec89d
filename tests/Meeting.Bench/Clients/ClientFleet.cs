using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Meeting.Bench.Measurement;

namespace Meeting.Bench.Clients;

/// <summary>
/// All of a run's connections, laid out in rooms: connection <c>i</c> joins room <c>i / roomSize</c>.
/// Keeps every connection alive with a hub ping after 10 s of silence (the server drops a client it
/// has not heard from for 30 s), until the fleet is disposed or its lifetime runs out.
/// </summary>
internal sealed class ClientFleet : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PingAfter = TimeSpan.FromSeconds(10);

    private readonly HubConnector _connector;
    private readonly SignalSink _sink;
    private readonly int _roomSize;
    private readonly string _roomPrefix;
    private readonly BenchConnection?[] _connections;
    private readonly bool[] _joined;
    private readonly CancellationTokenSource _stop = new();
    private Task _keepAlive = Task.CompletedTask;
    private int _failed;
    private string? _firstError;

    public ClientFleet(HubConnector connector, SignalSink sink, int size, int roomSize)
    {
        _connector = connector;
        _sink = sink;
        _roomSize = roomSize;
        _roomPrefix = "bench-" + Guid.NewGuid().ToString("N")[..6];
        _connections = new BenchConnection?[size];
        _joined = new bool[size];
    }

    public int Size => _connections.Length;

    public int Joined => _joined.Count(j => j);

    public int Failed => Volatile.Read(ref _failed);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Joined connections that have since been closed by the server or the network.</summary>
    public int Dropped => _connections.Where((c, i) => _joined[i] && c is { IsOpen: false }).Count();

    public string? FirstDropReason => _connections.Where((c, i) => _joined[i] && c is { IsOpen: false }).Select(c => c!.CloseReason).FirstOrDefault();

    /// <summary>Starts the keep-alive loop; it ends when the fleet is disposed or after <paramref name="lifetime"/>.</summary>
    public void StartKeepAlive(TimeSpan lifetime) => _keepAlive = KeepAliveAsync(lifetime, _stop.Token);

    /// <summary>Opens, and joins to their rooms, connections <paramref name="from"/> to <paramref name="to"/> (exclusive),
    /// <paramref name="parallel"/> at a time. Failures are counted, not thrown; stops at <paramref name="timeout"/>.</summary>
    public async Task OpenAsync(int from, int to, int parallel, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(from, to - from),
                new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = bounded.Token },
                (index, ct) => new ValueTask(OpenOneAsync(index, ct)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail($"opening connections took longer than {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Pairs for phases B and C: in each complete room, member <c>j</c> signals member <c>j + 1</c>
    /// (the last signals the first), so every sender has one receiver and every receiver one sender.</summary>
    public IReadOnlyList<SenderPair> SenderPairs(int count)
    {
        var pairs = new List<SenderPair>(count);
        for (var room = 0; (room + 1) * _roomSize <= _connections.Length && pairs.Count < count; room++)
        {
            var first = room * _roomSize;
            var members = _connections.AsSpan(first, _roomSize).ToArray();
            if (members.Any(m => m is not { IsOpen: true }) || _joined.AsSpan(first, _roomSize).Contains(false))
            {
                continue;
            }

            for (var j = 0; j < _roomSize && pairs.Count < count; j++)
            {
                pairs.Add(new SenderPair(members[j]!, members[(j + 1) % _roomSize]!, _connector.Target.SignalMethod));
            }
        }

        return pairs;
    }

    /// <summary>Aborts every connection, so that nothing waits on a socket any more (the run was stopped).</summary>
    public void AbortAll()
    {
        foreach (var connection in _connections)
        {
            connection?.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _keepAlive;
        foreach (var chunk in _connections.OfType<BenchConnection>().Chunk(1024))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }

        _stop.Dispose();
    }

    private async Task OpenOneAsync(int index, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _connector.ConnectAsync(_sink, cancellationToken);
            _connections[index] = connection;
            if (!_connector.Target.UsesSessions)
            {
                // The bare hub has no rooms: the pairs of a "room" address each other by connection id.
                _joined[index] = true;
                return;
            }

            var room = _roomPrefix + "-" + (index / _roomSize).ToString(CultureInfo.InvariantCulture);
            var error = await connection.InvokeAsync("Join", [room, "bench " + index.ToString(CultureInfo.InvariantCulture)], CallTimeout, cancellationToken);
            if (error is not null)
            {
                Fail("Join refused: " + error);
                return;
            }

            _joined[index] = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or WebSocketException or InvalidOperationException or TimeoutException or IOException or OperationCanceledException)
        {
            Fail(ex.GetType().Name + ": " + ex.Message);
        }
    }

    private void Fail(string error)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstError, error, null);
    }

    private async Task KeepAliveAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(lifetime);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var quiet = (long)(PingAfter.TotalSeconds * Stopwatch.Frequency);
        try
        {
            while (await timer.WaitForNextTickAsync(bounded.Token))
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var connection in _connections)
                {
                    if (connection is { IsOpen: true } && now - connection.LastSendTimestamp > quiet)
                    {
                        try
                        {
                            await connection.SendAsync(HubFrames.Ping);
                        }
                        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
                        {
                            // The receive loop records why the connection ended.
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
