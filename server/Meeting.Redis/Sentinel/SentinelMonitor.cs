using Meeting.Redis.Internal;
using Microsoft.Extensions.Logging;

namespace Meeting.Redis.Sentinel;

/// <summary>
/// The master source in Sentinel mode. It resolves the master through the Sentinels (confirmed by ROLE), keeps a
/// +switch-master subscription on every Sentinel (so any one may be down), and resolves again on +switch-master,
/// on -READONLY, and whenever a connection asks for a fresh answer after losing its socket.
/// </summary>
internal sealed class SentinelMonitor : IMasterSource, IAsyncDisposable
{
    private const string SwitchMasterChannel = "+switch-master";

    // A background re-resolution gives up after this many passes; the next trigger starts another.
    private const int MaxRefreshPasses = 20;

    private readonly string _masterName;
    private readonly SentinelMasterResolver _resolver;
    private readonly RedisSubscriber[] _watchers;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _resolving = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private long _wanted;
    private long _resolved;
    private Task _refresh = Task.CompletedTask;
    private RedisEndPoint? _master;
    private DateTimeOffset? _masterSince;
    private long _switches;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public SentinelMonitor(
        string masterName,
        SentinelMasterResolver resolver,
        RedisSubscriber[] watchers,
        ReconnectBackoff backoff,
        TimeProvider time,
        ILogger<SentinelMonitor> logger)
    {
        _masterName = masterName;
        _resolver = resolver;
        _watchers = watchers;
        _backoff = backoff;
        _time = time;
        _logger = logger;
    }

    public event Action<RedisEndPoint>? MasterChanged;

    public SentinelStatus Status
    {
        get
        {
            var reachable = _watchers.Count(w => w.IsConnected);
            lock (_lock)
            {
                return new SentinelStatus(_masterName, _master, _masterSince, _watchers.Length, reachable, _switches, _lastError, _lastErrorAt);
            }
        }
    }

    public void Start()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Register(isPattern: false, SwitchMasterChannel, OnSwitchMaster);
        }
    }

    public async Task<RedisEndPoint> GetEndPointAsync(bool refresh, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!refresh && _master is { } known)
            {
                return known;
            }
        }

        return await ResolveAsync(Interlocked.Increment(ref _wanted), cancellationToken).ConfigureAwait(false);
    }

    public void ReportReadOnly(RedisEndPoint endPoint)
    {
        _logger.LogWarning("{EndPoint} answered READONLY: resolving the master of {MasterName} again", endPoint, _masterName);
        RefreshInBackground();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var watcher in _watchers)
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _refresh.WaitAsync(TimeSpan.FromSeconds(10), _time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _logger.LogDebug("Sentinel re-resolution stopped: {Reason}", ex.Message);
        }
    }

    // Resolutions run one at a time; a caller whose request was covered by a pass that started after it
    // takes that pass's answer instead of starting another.
    private async Task<RedisEndPoint> ResolveAsync(long ticket, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await _resolving.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            lock (_lock)
            {
                if (Interlocked.Read(ref _resolved) >= ticket && _master is { } fresh)
                {
                    return fresh;
                }
            }

            var covers = Interlocked.Read(ref _wanted);
            try
            {
                var master = await _resolver.ResolveAsync(linked.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _resolved, covers);
                Accept(master);
                return master;
            }
            catch (Exception ex) when (!linked.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _lastError = ex.Message;
                    _lastErrorAt = _time.GetUtcNow();
                }

                throw;
            }
        }
        finally
        {
            _resolving.Release();
        }
    }

    private void Accept(RedisEndPoint master)
    {
        RedisEndPoint? previous;
        lock (_lock)
        {
            previous = _master;
            if (previous == master)
            {
                return;
            }

            _master = master;
            _masterSince = _time.GetUtcNow();
            if (previous is not null)
            {
                _switches++;
            }
        }

        _logger.LogInformation("Master of {MasterName} is {Master} (was {Previous})", _masterName, master, previous?.ToString() ?? "unknown");
        MasterChanged?.Invoke(master);
    }

    // Runs on a watcher's dispatch loop: "<name> <old-ip> <old-port> <new-ip> <new-port>".
    private void OnSwitchMaster(RedisMessage message)
    {
        var parts = message.Text.Split(' ');
        if (parts.Length < 5 || parts[0] != _masterName)
        {
            return;
        }

        _logger.LogInformation("Sentinel announced +switch-master for {MasterName}: {Old} -> {New}", _masterName, $"{parts[1]}:{parts[2]}", $"{parts[3]}:{parts[4]}");
        RefreshInBackground();
    }

    private void RefreshInBackground()
    {
        var ticket = Interlocked.Increment(ref _wanted);
        lock (_lock)
        {
            if (_stop.IsCancellationRequested || !_refresh.IsCompleted)
            {
                // The running refresh checks _wanted when it finishes and goes round again.
                return;
            }

            _refresh = Task.Run(() => RefreshAsync(ticket));
        }
    }

    private async Task RefreshAsync(long ticket)
    {
        var failures = 0;
        for (var pass = 0; pass < MaxRefreshPasses && !_stop.IsCancellationRequested; pass++)
        {
            try
            {
                await ResolveAsync(ticket, _stop.Token).ConfigureAwait(false);
                failures = 0;
                var wanted = Interlocked.Read(ref _wanted);
                if (Interlocked.Read(ref _resolved) >= wanted)
                {
                    return;
                }

                // Another trigger came in during the pass: go again at once.
                ticket = wanted;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("Resolving the master of {MasterName} failed (attempt {Attempt}): {Reason}", _masterName, failures + 1, ex.Message);
                try
                {
                    await Task.Delay(_backoff.GetDelay(failures++), _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
