using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Meeting.Testing;

namespace Meeting.Backplane.Bench.Clients;

/// <summary>
/// One peer: a session and a hub connection speaking SignalR's JSON protocol over a WebSocket, lean enough to
/// send and count tens of thousands of messages a second beside two servers on two cores. It sends Signals and
/// Chats from one reused buffer with the timestamp formatted in place, reads each received record forward-only
/// (<see cref="InboundScanner"/>) and hands Signals and Chats to the current phase's handler, keeping nothing.
/// </summary>
/// <remarks>
/// <see cref="HubProtocolClient"/> (Meeting.Testing) checks the wiring before the load starts; it is not used for the
/// load itself because it parses every record into a cloned <c>JsonDocument</c> and queues it for a waiter.
/// </remarks>
internal sealed class BenchPeer : IAsyncDisposable
{
    private const int InitialReceiveBuffer = 16 * 1024;
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _sendBuffer = new byte[HubFrames.MaxFrameSize];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private byte[] _receiveBuffer = new byte[InitialReceiveBuffer];
    private int _filled;
    private Task _receiveLoop = Task.CompletedTask;
    private Action<Arrival>? _handler;
    private long _lastSend = Stopwatch.GetTimestamp();
    private long _nextInvocationId;
    private int _closed;
    private int _disposed;

    private BenchPeer(ClientWebSocket socket, SiteEndpoint site, string peerId)
    {
        _socket = socket;
        Site = site;
        PeerId = peerId;
    }

    public SiteEndpoint Site { get; }

    public string PeerId { get; }

    /// <summary>True once the connection has closed, for whatever reason.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>The error of the server's close message, if it sent one.</summary>
    public string? CloseError { get; private set; }

    /// <summary>Gets a session from <paramref name="site"/>, opens its hub and completes the handshake.</summary>
    public static async Task<BenchPeer> ConnectAsync(HttpClient http, SiteEndpoint site, CancellationToken cancellationToken)
    {
        var (token, peerId) = await SessionIssuer.IssueAsync(http, site, cancellationToken);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var peer = new BenchPeer(socket, site, peerId);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InvokeTimeout);
            await socket.ConnectAsync(HubProtocolClient.WithToken(site.HubUrl, token), timeout.Token);
            await socket.SendAsync(HubFrames.Handshake, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            await peer.ReadHandshakeAsync(timeout.Token);
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }

        peer._receiveLoop = Task.Run(peer.ReceiveLoopAsync, CancellationToken.None);
        return peer;
    }

    /// <summary>Sets who hears this peer's Signals and Chats from now on (null: nobody). Called between phases.</summary>
    public void SetHandler(Action<Arrival>? handler) => Volatile.Write(ref _handler, handler);

    /// <summary>Invokes <c>Join(room, displayName)</c> and waits for its completion.</summary>
    public async Task JoinAsync(string room, string displayName, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        try
        {
            await SendFrameAsync(HubFrames.Invocation(id, "Join", room, displayName), cancellationToken);
            var error = await completion.Task.WaitAsync(InvokeTimeout, cancellationToken);
            if (error is not null)
            {
                throw new InvalidOperationException($"Join({room}) at {Site.Name} was refused: {error}");
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends <c>Signal(toPeerId, payload)</c> with the timestamp taken just before the bytes go out.</summary>
    /// <param name="prefix">From <see cref="HubFrames.SignalPrefix"/> for the receiver.</param>
    /// <param name="abort">Ends a send that cannot complete (which aborts the connection); a bound, not a way to stop sending.</param>
    public async ValueTask SendSignalAsync(byte[] prefix, CancellationToken abort)
    {
        await _sendLock.WaitAsync(abort);
        try
        {
            var length = HubFrames.WriteSignal(_sendBuffer, prefix, Stopwatch.GetTimestamp());
            await _socket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, abort);
            Volatile.Write(ref _lastSend, Stopwatch.GetTimestamp());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends <c>Chat("bench {site} {timestamp}")</c> to this peer's room.</summary>
    public async ValueTask SendChatAsync(CancellationToken abort)
    {
        await _sendLock.WaitAsync(abort);
        try
        {
            var length = HubFrames.WriteChat(_sendBuffer, Site.Index, Stopwatch.GetTimestamp());
            await _socket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, abort);
            Volatile.Write(ref _lastSend, Stopwatch.GetTimestamp());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Pings when nothing was sent for <paramref name="idle"/>, so that the server's client timeout (30 s) does not close a peer that only receives.</summary>
    public async ValueTask PingIfIdleAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        if (IsClosed || Stopwatch.GetElapsedTime(Volatile.Read(ref _lastSend)) < idle)
        {
            return;
        }

        await SendFrameAsync(HubFrames.Ping, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        SetHandler(null);
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server went first.
            }
        }

        _socket.Abort();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // Abort ends the receive; a loop that still runs is abandoned with the socket.
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendFrameAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            Volatile.Write(ref _lastSend, Stopwatch.GetTimestamp());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads until the handshake response's record ends; anything after it stays in the buffer for the loop.</summary>
    private async Task ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _receiveBuffer.AsSpan(0, _filled).IndexOf(HubFrames.RecordSeparator);
            if (end >= 0)
            {
                var record = InboundScanner.Read(_receiveBuffer.AsSpan(0, end));
                if (record.Error is not null)
                {
                    throw new InvalidOperationException($"{Site.Name} refused the hub handshake: {record.Error}");
                }

                Consume(end + 1);
                return;
            }

            if (!await ReceiveSomeAsync(cancellationToken))
            {
                throw new InvalidOperationException($"{Site.Name} closed the connection during the handshake.");
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            do
            {
                if (!DispatchRecords())
                {
                    return;
                }
            }
            while (await ReceiveSomeAsync(_stop.Token));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by the server, aborted, or disposed.
        }
        finally
        {
            Volatile.Write(ref _closed, 1);
            foreach (var pending in _pending.Values)
            {
                pending.TrySetResult("the connection closed" + (CloseError is null ? string.Empty : ": " + CloseError));
            }
        }
    }

    /// <summary>Appends what the socket has to the buffer; false when the server closed the socket.</summary>
    private async ValueTask<bool> ReceiveSomeAsync(CancellationToken cancellationToken)
    {
        if (_filled == _receiveBuffer.Length)
        {
            Array.Resize(ref _receiveBuffer, _receiveBuffer.Length * 2);
        }

        var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(_filled), cancellationToken);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return false;
        }

        _filled += result.Count;
        return true;
    }

    /// <summary>Handles every complete record in the buffer; false after the server's close message.</summary>
    private bool DispatchRecords()
    {
        var start = 0;
        try
        {
            while (true)
            {
                var length = _receiveBuffer.AsSpan(start, _filled - start).IndexOf(HubFrames.RecordSeparator);
                if (length < 0)
                {
                    return true;
                }

                var record = InboundScanner.Read(_receiveBuffer.AsSpan(start, length));
                start += length + 1;
                if (!Handle(record))
                {
                    return false;
                }
            }
        }
        finally
        {
            Consume(start);
        }
    }

    private bool Handle(in InboundRecord record)
    {
        switch (record.Kind)
        {
            case InboundKind.Signal or InboundKind.Chat:
                Volatile.Read(ref _handler)?.Invoke(new Arrival(record.Kind, record.SentAt, Stopwatch.GetTimestamp(), record.FromSite));
                return true;
            case InboundKind.Completion when record.InvocationId is not null && _pending.TryGetValue(record.InvocationId, out var completion):
                completion.TrySetResult(record.Error);
                return true;
            case InboundKind.Close:
                CloseError = record.Error;
                return false;
            default:
                return true;
        }
    }

    private void Consume(int count)
    {
        if (count == 0)
        {
            return;
        }

        _receiveBuffer.AsSpan(count, _filled - count).CopyTo(_receiveBuffer);
        _filled -= count;
    }
}
