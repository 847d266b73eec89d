using Microsoft.Extensions.Logging;

namespace Meeting.Redis.Internal;

/// <summary>
/// Keeps one physical connection up: asks the master source where to go, connects, runs an optional set-up step
/// (subscribe mode, resubscription), publishes the connection, and when it dies reconnects after a backoff with
/// jitter and a cap. A master change cuts the current connection and the backoff short.
/// </summary>
internal sealed class ConnectionSupervisor : IAsyncDisposable
{
    private readonly string _role;
    private readonly IMasterSource _source;
    private readonly ConnectionFactory _factory;
    private readonly Func<PhysicalConnection, CancellationToken, Task>? _onConnected;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<Exception?> _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<PhysicalConnection> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PhysicalConnection? _current;
    private RedisEndPoint? _announcedMaster;
    private Task _loop = Task.CompletedTask;
    private bool _started;
    private ConnectionStatus _status = new(false, null, null, null, null, 0);

    public ConnectionSupervisor(
        string role,
        IMasterSource source,
        ConnectionFactory factory,
        Func<PhysicalConnection, CancellationToken, Task>? onConnected,
        ReconnectBackoff backoff,
        TimeProvider time,
        ILogger logger)
    {
        _role = role;
        _source = source;
        _factory = factory;
        _onConnected = onConnected;
        _backoff = backoff;
        _time = time;
        _logger = logger;
        _source.MasterChanged += OnMasterChanged;
    }

    /// <summary>The live connection, or null while reconnecting.</summary>
    public PhysicalConnection? Current => Volatile.Read(ref _current);

    /// <summary>Completes after the first attempt: with null if it connected, else with its error.</summary>
    public Task<Exception?> FirstAttempt => _firstAttempt.Task;

    public ConnectionStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    public void Start()
    {
        lock (_lock)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>The live connection, waiting up to <paramref name="timeout"/> for one.</summary>
    public async Task<PhysicalConnection> WaitForConnectionAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        Task<PhysicalConnection> connected;
        lock (_lock)
        {
            connected = _connected.Task;
        }

        try
        {
            return await connected.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var status = Status;
            throw new RedisConnectionException(
                $"No {_role} connection to Redis within {timeout.TotalMilliseconds:0} ms; last error: {status.LastError ?? "none yet, still connecting"}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _source.MasterChanged -= OnMasterChanged;
        _stop.Cancel();
        Current?.Abort(new RedisConnectionException($"The {_role} connection was closed by the client."));
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The {Role} reconnect loop did not stop within 10 s", _role);
        }
    }

    private void OnMasterChanged(RedisEndPoint master)
    {
        PhysicalConnection? current;
        lock (_lock)
        {
            _announcedMaster = master;
            current = _current;
            _wake.TrySetResult();
        }

        if (current is not null && current.EndPoint != master)
        {
            _logger.LogInformation("Master moved to {Master}: dropping the {Role} connection to {EndPoint}", master, _role, current.EndPoint);
            current.Abort(new RedisConnectionException($"The master moved from {current.EndPoint} to {master}."));
        }
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var failures = 0;
        var refresh = false;
        while (!token.IsCancellationRequested)
        {
            RedisEndPoint? target = null;
            PhysicalConnection? connection = null;
            try
            {
                target = await _source.GetEndPointAsync(refresh, token).ConfigureAwait(false);
                connection = await _factory.ConnectAsync(target.Value, _source.ReportReadOnly, token).ConfigureAwait(false);
                if (_onConnected is not null)
                {
                    await _onConnected(connection, token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                RecordFailure(ex, target, failures);
                _firstAttempt.TrySetResult(ex);
                refresh = true;
                await DelayAsync(failures++, token).ConfigureAwait(false);
                continue;
            }
            catch (Exception)
            {
                // Stopping: whatever failed, the loop ends.
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                break;
            }

            failures = 0;
            Publish(connection);
            var reason = await connection.Completion.ConfigureAwait(false);
            Unpublish(connection, reason);
            await connection.DisposeAsync().ConfigureAwait(false);
            refresh = true;
            if (!token.IsCancellationRequested)
            {
                // The first retry after a loss comes quickly: most losses are a restart or a failover already done.
                await DelayAsync(failures++, token).ConfigureAwait(false);
            }
        }

        _connected.TrySetException(new ObjectDisposedException(nameof(ConnectionSupervisor)));
        _firstAttempt.TrySetResult(new ObjectDisposedException(nameof(ConnectionSupervisor)));
    }

    private void Publish(PhysicalConnection connection)
    {
        bool stale;
        lock (_lock)
        {
            _current = connection;
            _connected.TrySetResult(connection);
            _status = _status with { Connected = true, EndPoint = connection.EndPoint, Since = _time.GetUtcNow() };
            stale = _announcedMaster is { } announced && announced != connection.EndPoint;
        }

        connection.OnClosed(() => Withdraw(connection));
        _firstAttempt.TrySetResult(null);
        _logger.LogInformation("Redis {Role} connection to {EndPoint} is up", _role, connection.EndPoint);
        if (stale)
        {
            // The master moved while this connection was being made.
            connection.Abort(new RedisConnectionException($"The master moved away from {connection.EndPoint} while connecting."));
        }
    }

    // Runs inside PhysicalConnection.Abort, before its callers are failed: nobody is handed a dead connection after that.
    private void Withdraw(PhysicalConnection connection)
    {
        lock (_lock)
        {
            if (_current == connection)
            {
                _current = null;
                _connected = new TaskCompletionSource<PhysicalConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void Unpublish(PhysicalConnection connection, Exception reason)
    {
        Withdraw(connection);
        lock (_lock)
        {
            _status = _status with
            {
                Connected = false,
                Since = _time.GetUtcNow(),
                LastError = reason.Message,
                LastErrorAt = _time.GetUtcNow(),
                Reconnects = _status.Reconnects + 1,
            };
        }

        if (!_stop.IsCancellationRequested)
        {
            _logger.LogWarning("Redis {Role} connection to {EndPoint} lost: {Reason}", _role, connection.EndPoint, reason.Message);
        }
    }

    private void RecordFailure(Exception error, RedisEndPoint? target, int failures)
    {
        lock (_lock)
        {
            _status = _status with { LastError = error.Message, LastErrorAt = _time.GetUtcNow() };
        }

        // The first failure of a streak is worth a warning; the rest of the streak is noise at that level.
        _logger.Log(
            failures == 0 ? LogLevel.Warning : LogLevel.Debug,
            "Redis {Role} connection to {EndPoint} failed (attempt {Attempt}): {Reason}",
            _role,
            target?.ToString() ?? "(unresolved)",
            failures + 1,
            error.Message);
    }

    private async Task DelayAsync(int attempt, CancellationToken token)
    {
        Task wake;
        lock (_lock)
        {
            if (_wake.Task.IsCompleted)
            {
                // A master change was announced since the last wait: go now.
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return;
            }

            wake = _wake.Task;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        var delay = Task.Delay(_backoff.GetDelay(attempt), _time, cancel.Token);
        await Task.WhenAny(delay, wake).ConfigureAwait(false);
        cancel.Cancel();
    }
}
