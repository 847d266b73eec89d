using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Meeting.Bench.Measurement;

namespace Meeting.Bench.Clients;

/// <summary>
/// One hub connection, lean enough to keep ten thousand of them open beside the server: while idle it
/// holds no receive buffer (it waits with a zero-byte read), it reads only the fields it counts, and it
/// never queues what it receives. One receive loop (a pending async read, not a thread) per connection.
/// </summary>
internal sealed class BenchConnection : IAsyncDisposable
{
    private const int ReceiveBufferSize = 16 * 1024;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(15);

    private readonly WebSocket _socket;
    private readonly SignalSink _sink;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private TaskCompletionSource<HubRecord>? _pendingCall;
    private long _pendingCallId = -1;
    private long _nextCallId;
    private byte[]? _carry;
    private int _carryLength;
    private long _signalsReceived;
    private long _lastSendTimestamp;
    private string? _closeReason;

    private BenchConnection(WebSocket socket, string peerId, SignalSink sink)
    {
        _socket = socket;
        PeerId = peerId;
        _sink = sink;
        _lastSendTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The peer id the server gave this client (its connection id on the bare hub).</summary>
    public string PeerId { get; private set; }

    public long SignalsReceived => Volatile.Read(ref _signalsReceived);

    /// <summary>The window of the one sender that signals this connection in phase B, if any.</summary>
    public FlowWindow? Incoming { get; set; }

    /// <summary>Why the connection ended, or null while it is open.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    public bool IsOpen => CloseReason is null && _socket.State == WebSocketState.Open;

    /// <summary>When this connection last sent anything (Stopwatch ticks); the server drops clients silent for 30 s.</summary>
    public long LastSendTimestamp => Volatile.Read(ref _lastSendTimestamp);

    /// <summary>Runs the hub handshake over an open WebSocket and starts receiving.</summary>
    public static async Task<BenchConnection> StartAsync(WebSocket socket, string peerId, SignalSink sink, CancellationToken cancellationToken = default)
    {
        var connection = new BenchConnection(socket, peerId, sink);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HandshakeTimeout);
            await connection.SendAsync(HubFrames.Handshake);
            await connection.ReadHandshakeAsync(timeout.Token);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        connection._receiveLoop = connection.ReceiveLoopAsync(connection._stop.Token);
        return connection;
    }

    /// <summary>Invokes a hub method and waits for its completion; returns the server's error, or null on success.</summary>
    public async Task<string?> InvokeAsync(string target, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
        => (await CallAsync(target, arguments, timeout, cancellationToken)).Error;

    /// <summary>Asks the bare hub for this connection's id, which is then the <see cref="PeerId"/> its sender addresses.</summary>
    public async Task IdentifyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var completion = await CallAsync("Hello", [], timeout, cancellationToken);
        PeerId = completion.Error is null && completion.Result is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException("Hello returned no connection id: " + completion.Error);
    }

    /// <summary>Sends one complete WebSocket message. No cancellation token on purpose: a cancellable send takes
    /// the WebSocket's slower path, and a stuck send ends when the socket is aborted.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            Volatile.Write(ref _lastSendTimestamp, Stopwatch.GetTimestamp());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection at once; a send or receive in progress fails.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }

        SetClosed("closed by the bench");
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task<HubRecord> CallAsync(string target, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextCallId);
        var completion = new TaskCompletionSource<HubRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pendingCallId, id);
        if (Interlocked.CompareExchange(ref _pendingCall, completion, null) is not null)
        {
            throw new InvalidOperationException("The bench makes one call at a time per connection.");
        }

        try
        {
            if (CloseReason is { } closed)
            {
                throw new InvalidOperationException("The connection is closed: " + closed);
            }

            await SendAsync(HubFrames.Invocation(id.ToString(CultureInfo.InvariantCulture), target, arguments));
            return await completion.Task.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            Interlocked.CompareExchange(ref _pendingCall, null, completion);
        }
    }

    private async Task ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        try
        {
            var filled = 0;
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("The server closed the connection during the handshake.");
                }

                filled += result.Count;
                var separator = buffer.AsSpan(0, filled).IndexOf(HubFrames.RecordSeparator);
                if (separator >= 0)
                {
                    if (buffer.AsSpan(0, separator).IndexOf("\"error\""u8) >= 0)
                    {
                        throw new InvalidOperationException("Handshake refused: " + System.Text.Encoding.UTF8.GetString(buffer, 0, separator));
                    }

                    OnData(buffer.AsSpan(separator + 1, filled - separator - 1));
                    return;
                }

                if (filled == buffer.Length)
                {
                    throw new InvalidOperationException("The handshake response is too long.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // Wait for data without holding a buffer: ten thousand idle connections then cost no buffers here.
                var probe = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
                if (probe.MessageType == WebSocketMessageType.Close)
                {
                    SetClosed("the server closed the WebSocket");
                    return;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                try
                {
                    while (true)
                    {
                        var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            SetClosed("the server closed the WebSocket");
                            return;
                        }

                        OnData(buffer.AsSpan(0, result.Count));
                        if (result.EndOfMessage)
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            SetClosed(ex.Message);
        }
        finally
        {
            Volatile.Read(ref _pendingCall)?.TrySetException(new InvalidOperationException("The connection closed before the call completed: " + CloseReason));
        }
    }

    /// <summary>Splits received bytes into records; a record cut between two reads waits in <see cref="_carry"/>.</summary>
    private void OnData(ReadOnlySpan<byte> data)
    {
        int separator;
        if (_carryLength > 0)
        {
            separator = data.IndexOf(HubFrames.RecordSeparator);
            if (separator < 0)
            {
                Carry(data);
                return;
            }

            Carry(data[..separator]);
            OnRecord(_carry.AsSpan(0, _carryLength));
            _carryLength = 0;
            data = data[(separator + 1)..];
        }

        while ((separator = data.IndexOf(HubFrames.RecordSeparator)) >= 0)
        {
            OnRecord(data[..separator]);
            data = data[(separator + 1)..];
        }

        if (!data.IsEmpty)
        {
            Carry(data);
        }
    }

    private void Carry(ReadOnlySpan<byte> part)
    {
        if (_carry is null || _carry.Length < _carryLength + part.Length)
        {
            Array.Resize(ref _carry, Math.Max(1024, (_carryLength + part.Length) * 2));
        }

        part.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength += part.Length;
    }

    private void OnRecord(ReadOnlySpan<byte> json)
    {
        if (!HubRecordScanner.TryScan(json, out var record))
        {
            return;
        }

        switch (record.Type)
        {
            case HubFrames.InvocationType when record.IsSignal:
                // Only this connection's receive loop writes the count.
                Volatile.Write(ref _signalsReceived, _signalsReceived + 1);
                Incoming?.OnReceived();
                if (record.SentAt >= 0)
                {
                    _sink.OnSignal(record.SentAt, Stopwatch.GetTimestamp());
                }

                break;
            case HubFrames.CompletionType when record.InvocationId == Volatile.Read(ref _pendingCallId):
                Volatile.Read(ref _pendingCall)?.TrySetResult(record);
                break;
            case HubFrames.CloseType:
                SetClosed("the server sent Close" + (record.Error is null ? string.Empty : ": " + record.Error));
                break;
        }
    }

    private void SetClosed(string reason) => Interlocked.CompareExchange(ref _closeReason, reason, null);
}
