using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Meeting.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Meeting.Redis.Internal;

/// <summary>
/// One TCP socket to one server. Callers write their command into a shared buffer and join a FIFO of pending
/// commands in one step under a lock, so the FIFO is exactly the order on the wire; a send loop flushes whatever has
/// accumulated as one batch, and a read loop hands each reply to the head of the FIFO. When the socket dies every
/// pending command fails with <see cref="RedisConnectionException"/>; nothing is resent.
/// </summary>
internal sealed class PhysicalConnection : IRedisConnection, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _commandTimeout;
    private readonly Action<RedisEndPoint>? _onReadOnly;
    private readonly Lock _lock = new();
    private readonly PendingQueue _pending = new();
    private readonly SemaphoreSlim _sendSignal = new(0, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource<Exception> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private OutboundBuffer _active = new();
    private OutboundBuffer _sending = new();
    private long _lastReceived;
    private bool _sendScheduled;
    private bool _closed;
    private Action<RedisReply>? _pushHandler;
    private Action? _closedCallback;
    private ITimer? _sweepTimer;
    private Task _readLoop = Task.CompletedTask;
    private Task _sendLoop = Task.CompletedTask;

    public PhysicalConnection(Socket socket, RedisEndPoint endPoint, TimeSpan commandTimeout, TimeProvider time, ILogger logger, Action<RedisEndPoint>? onReadOnly)
    {
        _socket = socket;
        EndPoint = endPoint;
        _commandTimeout = commandTimeout;
        _time = time;
        _logger = logger;
        _onReadOnly = onReadOnly;
        _input = PipeReader.Create(new NetworkStream(socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
    }

    public RedisEndPoint EndPoint { get; }

    /// <summary>Completes, with the reason, once the connection is closed for good.</summary>
    public Task<Exception> Completion => _completion.Task;

    public bool IsOpen => !Volatile.Read(ref _closed);

    /// <summary>
    /// How long the server has owed a reply and sent nothing at all: since the later of the oldest unanswered
    /// command's write and the last bytes received. Zero when nothing is owed.
    /// </summary>
    public TimeSpan Unanswered
    {
        get
        {
            long? oldest;
            lock (_lock)
            {
                oldest = _pending.OldestEnqueuedAt;
            }

            return oldest is { } written ? _time.GetElapsedTime(Math.Max(written, Volatile.Read(ref _lastReceived))) : TimeSpan.Zero;
        }
    }

    public void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _sendLoop = Task.Run(SendLoopAsync);

        // Timeouts are swept a few times per timeout period rather than given a timer each, which would cost per command.
        var period = TimeSpan.FromTicks(Math.Clamp(_commandTimeout.Ticks / 8, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromMilliseconds(250).Ticks));
        _sweepTimer = _time.CreateTimer(static state => ((PhysicalConnection)state!).SweepTimeouts(), this, period, period);
    }

    /// <summary>Writes the command unless the connection is closed; the returned task completes with its reply.</summary>
    public bool TryExecute(in RedisCommand command, CancellationToken cancellationToken, out Task<RedisReply> reply)
    {
        var now = _time.GetTimestamp();
        var timeout = command.Timeout ?? _commandTimeout;
        var pending = new PendingCommand(command.Name, now, now + TimeoutTicks(timeout));
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the write, so that completion never races the registration.
            pending.ObserveCancellation(cancellationToken);
        }

        reply = pending.Task;
        return pending.IsDone || TryWrite(command, pending);
    }

    /// <summary>Writes the command and awaits its reply; fails if the connection is closed.</summary>
    public Task<RedisReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default) =>
        TryExecute(command, cancellationToken, out var reply)
            ? reply
            : Task.FromException<RedisReply>(new RedisConnectionException($"The connection to {EndPoint} is closed."));

    /// <summary>
    /// Switches to subscribe mode: from now on every reply goes to <paramref name="handler"/> (on the read loop),
    /// and commands are sent with <see cref="TrySend"/>. Only valid with nothing pending.
    /// </summary>
    public void EnterPushMode(Action<RedisReply> handler)
    {
        lock (_lock)
        {
            if (_pending.Count > 0)
            {
                throw new InvalidOperationException("Subscribe mode needs an idle connection.");
            }

            _pushHandler = handler;
        }
    }

    /// <summary>Sends a command whose replies arrive as pushes (SUBSCRIBE and friends); false if closed.</summary>
    public bool TrySend(in RedisCommand command) => TryWrite(command, null);

    /// <summary>
    /// Runs <paramref name="callback"/> synchronously when the connection closes (at once if it already has), before
    /// any pending caller is failed, so that an owner can stop handing the connection out first.
    /// </summary>
    public void OnClosed(Action callback)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _closedCallback = callback;
                return;
            }
        }

        callback();
    }

    /// <summary>Closes the connection; pending commands fail with a connection exception caused by <paramref name="reason"/>.</summary>
    public void Abort(Exception reason)
    {
        PendingCommand[] orphans;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            orphans = _pending.DrainAll();
        }

        _closedCallback?.Invoke();

        _sweepTimer?.Dispose();
        _shutdown.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer; disposing below is all that is left to do.
        }

        _socket.Dispose();
        if (orphans.Length > 0)
        {
            CompletionBatch.Fail(orphans, [.. orphans.Select(orphan => new RedisConnectionException(
                $"The connection to {EndPoint} was lost with {orphan.Name} in flight; it may or may not have run. ({reason.Message})", reason))]);
        }

        _completion.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Abort(new RedisConnectionException($"The connection to {EndPoint} was closed by the client."));
        try
        {
            await Task.WhenAll(_readLoop, _sendLoop).WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The I/O loops of the connection to {EndPoint} did not stop within 5 s", EndPoint);
        }
    }

    private long TimeoutTicks(TimeSpan timeout) => (long)(timeout.TotalSeconds * _time.TimestampFrequency);

    // Writes the command and joins the FIFO (unless it is a push-mode send) in one step under the lock.
    private bool TryWrite(in RedisCommand command, PendingCommand? pending)
    {
        bool wake;
        lock (_lock)
        {
            if (_closed || (pending is not null && _pushHandler is not null))
            {
                return false;
            }

            var mark = _active.Count;
            try
            {
                RespWriter.WriteCommand(_active, command);
            }
            catch
            {
                // A half-written command would desynchronise the stream: take it back out.
                _active.Truncate(mark);
                throw;
            }

            if (pending is not null)
            {
                _pending.Enqueue(pending);
            }

            // Only the first write since the last flush wakes the send loop; the rest ride along in its batch.
            wake = !_sendScheduled;
            _sendScheduled = true;
        }

        if (wake)
        {
            _sendSignal.Release();
        }

        return true;
    }

    private async Task SendLoopAsync()
    {
        var token = _shutdown.Token;
        try
        {
            while (true)
            {
                await _sendSignal.WaitAsync(token).ConfigureAwait(false);
                while (true)
                {
                    lock (_lock)
                    {
                        if (_active.Count == 0)
                        {
                            _sendScheduled = false;
                            break;
                        }

                        (_active, _sending) = (_sending, _active);
                    }

                    var batch = _sending.Written;
                    while (!batch.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(batch, SocketFlags.None, token).ConfigureAwait(false);
                        batch = batch[sent..];
                    }

                    _sending.Reset();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closed by Abort.
        }
        catch (Exception ex)
        {
            Abort(new RedisConnectionException($"Writing to {EndPoint} failed: {ex.Message}", ex));
        }
    }

    private async Task ReadLoopAsync()
    {
        var token = _shutdown.Token;
        var replies = new List<RedisReply>(64);
        Exception reason;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(token).ConfigureAwait(false);
                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                var reader = new SequenceReader<byte>(result.Buffer);
                while (RespReader.TryRead(ref reader, out var reply))
                {
                    replies.Add(reply);
                }

                _input.AdvanceTo(reader.Position, result.Buffer.End);
                if (replies.Count > 0)
                {
                    Deliver(replies);
                    replies.Clear();
                }

                if (result.IsCompleted)
                {
                    reason = new RedisConnectionException(reader.Remaining > 0
                        ? $"{EndPoint} closed the connection in the middle of a reply."
                        : $"{EndPoint} closed the connection.");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            reason = new RedisConnectionException($"The connection to {EndPoint} was closed.");
        }
        catch (RedisException ex)
        {
            reason = ex;
        }
        catch (Exception ex)
        {
            reason = new RedisConnectionException($"Reading from {EndPoint} failed: {ex.Message}", ex);
        }

        await _input.CompleteAsync().ConfigureAwait(false);
        Abort(reason);
    }

    private void Deliver(List<RedisReply> replies)
    {
        if (Volatile.Read(ref _pushHandler) is { } push)
        {
            foreach (var reply in replies)
            {
                push(reply);
            }

            return;
        }

        // One lock per read batch; the callers are completed outside it, off the read loop.
        PendingCommand[] owners;
        lock (_lock)
        {
            owners = _pending.Dequeue(replies.Count, EndPoint);
        }

        foreach (var reply in replies)
        {
            if (reply.IsError && reply.ErrorMessage.StartsWith("READONLY", StringComparison.Ordinal))
            {
                _onReadOnly?.Invoke(EndPoint);
                break;
            }
        }

        CompletionBatch.Complete(owners, [.. replies]);
    }

    private void SweepTimeouts()
    {
        var now = _time.GetTimestamp();
        List<(PendingCommand Command, int Ahead)>? expired;
        bool stalled;
        lock (_lock)
        {
            // Without this, a silently dropped link would keep TCP retransmitting for many minutes.
            stalled = _pending.IsStalled(now, 2 * TimeoutTicks(_commandTimeout), Volatile.Read(ref _lastReceived));
            expired = _pending.CollectExpired(now);
        }

        if (expired is not null)
        {
            var errors = expired.Select(e => (Exception)new RedisTimeoutException(
                $"No reply to {e.Command.Name} from {EndPoint} after {_time.GetElapsedTime(e.Command.EnqueuedAt, now).TotalMilliseconds:0} ms ({e.Ahead} commands were ahead of it).")).ToArray();
            var owners = expired.Select(e => e.Command).ToArray();
            if (stalled)
            {
                // Inline, so that these callers hear "timeout" before Abort tells the rest "connection lost".
                for (var i = 0; i < owners.Length; i++)
                {
                    owners[i].Fail(errors[i]);
                }
            }
            else
            {
                CompletionBatch.Fail(owners, errors);
            }

            _logger.LogDebug("{Count} commands timed out on {EndPoint}", expired.Count, EndPoint);
        }

        if (stalled)
        {
            Abort(new RedisConnectionException($"{EndPoint} sent nothing for over {2 * _commandTimeout.TotalMilliseconds:0} ms past a command's timeout."));
        }
    }
}
