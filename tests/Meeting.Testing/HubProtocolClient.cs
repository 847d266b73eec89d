using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Meeting.Testing;

/// <summary>
/// The raw client: SignalR's documented JSON hub protocol written by hand over a WebSocket, for the tests
/// that need frames the standard client will not send (malformed, too deep, oversized, hand-written). Every
/// other test talks through the typed <c>Meeting.Testing.Hub.MeetingHubClient</c>. It connects without
/// negotiation, as SignalR allows for WebSockets, and understands invocations, completions, pings and close.
/// </summary>
/// <remarks>Hub protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
public sealed class HubProtocolClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly Channel<HubEvent> _events = Channel.CreateUnbounded<HubEvent>();
    private readonly List<HubEvent> _unclaimed = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private long _nextInvocationId;
    private int _disposed;

    private HubProtocolClient(WebSocket socket) => _socket = socket;

    /// <summary>Completes when the server closes the connection, with the close message's error if any.</summary>
    public Task<string?> Closed => _closed.Task;

    /// <summary>Connects a client over a socket that <paramref name="connect"/> opens to the hub's URL.</summary>
    public static async Task<HubProtocolClient> ConnectAsync(Func<CancellationToken, Task<WebSocket>> connect, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        var socket = await connect(timeout.Token);
        var client = new HubProtocolClient(socket);
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}"u8.ToArray(), timeout.Token);
        var handshake = await client.ReceiveFrameAsync(timeout.Token) ?? throw new InvalidOperationException("The server closed the connection during the handshake.");
        using (var doc = JsonDocument.Parse(Split(handshake).First()))
        {
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException("Handshake refused: " + error.GetString());
            }
        }

        client._receiveLoop = Task.Run(() => client.ReceiveLoopAsync(client._stop.Token), CancellationToken.None);
        return client;
    }

    /// <summary>Connects with a <see cref="ClientWebSocket"/> to a real server; <paramref name="hubUrl"/> is <c>ws://host:port/hubs/meeting</c>.</summary>
    public static Task<HubProtocolClient> ConnectAsync(Uri hubUrl, string accessToken, CancellationToken cancellationToken = default)
        => ConnectAsync(
            async ct =>
            {
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                await socket.ConnectAsync(WithToken(hubUrl, accessToken), ct);
                return socket;
            },
            cancellationToken);

    public static Uri WithToken(Uri hubUrl, string accessToken)
        => new UriBuilder(hubUrl) { Query = "access_token=" + Uri.EscapeDataString(accessToken) }.Uri;

    /// <summary>Invokes a hub method and returns its result; a refused call throws <see cref="HubCallException"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string target, object?[] arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        try
        {
            // The receive loop has ended: no completion can ever arrive.
            if (_closed.Task.IsCompleted)
            {
                throw new InvalidOperationException("The connection is closed.");
            }

            await SendMessageAsync(new { type = 1, invocationId = id, target, arguments }, cancellationToken);
            return await completion.Task.WaitAsync(timeout ?? DefaultTimeout, cancellationToken);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task<JsonElement> InvokeAsync(string target, params object?[] arguments) => InvokeAsync(target, arguments, null, CancellationToken.None);

    /// <summary>Invokes <paramref name="target"/> with <paramref name="argumentsJson"/> written into the frame as
    /// it is, as a hostile client would: deeper than a serializer writes, or of the wrong shape.</summary>
    public Task<JsonElement> InvokeRawAsync(string target, string argumentsJson, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var frame = $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":{JsonSerializer.Serialize(target)},\"arguments\":{argumentsJson}}}";
        return InvokeFrameAsync(frame, id, cancellationToken);
    }

    /// <summary>Sends <paramref name="frameJson"/>, a whole invocation record, and waits for the completion of
    /// <paramref name="invocationId"/>, the id the frame carries.</summary>
    public async Task<JsonElement> InvokeFrameAsync(string frameJson, string invocationId, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[invocationId] = completion;
        try
        {
            await SendRawAsync(Encoding.UTF8.GetBytes(frameJson), cancellationToken);
            return await completion.Task.WaitAsync(DefaultTimeout, cancellationToken);
        }
        finally
        {
            _pending.TryRemove(invocationId, out _);
        }
    }

    /// <summary>Sends an invocation without waiting for its completion (a "send" in SignalR's terms).</summary>
    public Task SendAsync(string target, object?[] arguments, CancellationToken cancellationToken = default)
        => SendMessageAsync(new { type = 1, target, arguments }, cancellationToken);

    /// <summary>Sends a ping, as clients do to keep an idle connection from timing out.</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) => SendRawAsync("{\"type\":6}"u8.ToArray(), cancellationToken);

    /// <summary>Waits for the next server-to-client call of <paramref name="target"/> that matches, skipping
    /// (but keeping for later waits) calls of other targets.</summary>
    public async Task<JsonElement> WaitForAsync(string target, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        lock (_unclaimed)
        {
            var index = _unclaimed.FindIndex(e => e.Target == target && (match?.Invoke(e.Argument) ?? true));
            if (index >= 0)
            {
                var found = _unclaimed[index];
                _unclaimed.RemoveAt(index);
                return found.Argument;
            }
        }

        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(cts.Token);
                if (next.Target == target && (match?.Invoke(next.Argument) ?? true))
                {
                    return next.Argument;
                }

                lock (_unclaimed)
                {
                    _unclaimed.Add(next);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{target}' message arrived in time.");
        }
    }

    /// <summary>True when a call of <paramref name="target"/> arrives within <paramref name="window"/>; for asserting that something does <em>not</em> happen.</summary>
    public async Task<bool> ReceivesWithinAsync(string target, TimeSpan window, Func<JsonElement, bool>? match = null)
    {
        try
        {
            await WaitForAsync(target, match, window);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Drops the connection without a close handshake, as a crashed tab or a dead network does.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                // The server may have aborted the socket (the test host's then throws IOException). Cancelling the receive loop above may already have torn the socket's receiving side down
                // (the test host's WebSocket does); the connection is going away either way.
            }
        }

        _socket.Abort();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private Task SendMessageAsync(object message, CancellationToken cancellationToken)
        => SendRawAsync(JsonSerializer.SerializeToUtf8Bytes(message), cancellationToken);

    private async Task SendRawAsync(byte[] json, CancellationToken cancellationToken)
    {
        var frame = new byte[json.Length + 1];
        json.CopyTo(frame, 0);
        frame[^1] = RecordSeparator;
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        string? closeError = null;
        try
        {
            while (await ReceiveFrameAsync(cancellationToken) is { } frame)
            {
                foreach (var record in Split(frame))
                {
                    var error = Dispatch(record, out var closed);
                    closeError ??= error;
                    if (closed)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The connection closed before the call completed." + (closeError is null ? string.Empty : " " + closeError)));
            }

            _events.Writer.TryComplete();
            _closed.TrySetResult(closeError);
        }
    }

    private string? Dispatch(byte[] record, out bool closed)
    {
        closed = false;
        using var doc = JsonDocument.Parse(record);
        var root = doc.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1 when root.TryGetProperty("target", out var target):
                var args = root.GetProperty("arguments");
                var argument = args.GetArrayLength() > 0 ? args[0].Clone() : default;
                _events.Writer.TryWrite(new HubEvent(target.GetString()!, argument));
                break;
            case 3:
                var id = root.GetProperty("invocationId").GetString()!;
                if (_pending.TryGetValue(id, out var completion))
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        completion.TrySetException(new HubCallException(error.GetString() ?? string.Empty));
                    }
                    else
                    {
                        completion.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                    }
                }

                break;
            case 7:
                closed = true;
                return root.TryGetProperty("error", out var closeError) ? closeError.GetString() : null;
        }

        return null;
    }

    private static IEnumerable<byte[]> Split(byte[] frame)
    {
        var start = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            if (frame[i] == RecordSeparator)
            {
                yield return frame[start..i];
                start = i + 1;
            }
        }
    }

    private async Task<byte[]?> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var result = await _socket.ReceiveAsync(memory, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }

    private sealed record HubEvent(string Target, JsonElement Argument);
}

/// <summary>A hub call the server refused. SignalR words the error as
/// <c>"An unexpected error occurred invoking 'Join' on the server. MeetingHubException: room_full: …"</c>;
/// <see cref="Code"/> is the code after the exception's name, or null for an error that carries none.</summary>
public sealed class HubCallException : Exception
{
    private const string Marker = "HubException: ";

    public HubCallException(string message)
        : base(message)
    {
        var start = message.IndexOf(Marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            start += Marker.Length;
            var colon = message.IndexOf(':', start);
            Code = colon > start ? message[start..colon] : null;
        }
    }

    public string? Code { get; }
}
