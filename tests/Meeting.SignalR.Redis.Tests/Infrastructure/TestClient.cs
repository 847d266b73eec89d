using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>
/// A SignalR connection without a network: a <see cref="HubConnectionContext"/> speaking the JSON hub protocol over
/// in-memory pipes, whose frames the test reads from the other end of the transport.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;

    private readonly Pipe _toClient = new();
    private readonly Pipe _toServer = new();
    private readonly DefaultConnectionContext _connection;
    private readonly List<ReceivedInvocation> _received = [];

    public TestClient(string connectionId, string? userId)
    {
        _connection = new DefaultConnectionContext(
            connectionId,
            transport: new DuplexPipe(_toServer.Reader, _toClient.Writer),
            application: new DuplexPipe(_toClient.Reader, _toServer.Writer));
        Context = new HubConnectionContext(_connection, new HubConnectionContextOptions(), NullLoggerFactory.Instance)
        {
            Protocol = new JsonHubProtocol(),
            UserIdentifier = userId,
        };
    }

    public HubConnectionContext Context { get; }

    public string ConnectionId => Context.ConnectionId;

    /// <summary>Reads the next invocation frame, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<ReceivedInvocation> ReceiveAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var reader = _toClient.Reader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{ConnectionId} received nothing within {timeout.TotalMilliseconds:0} ms.");
            }

            if (TryTakeFrame(reader, result.Buffer, out var invocation))
            {
                return invocation;
            }

            if (result.IsCompleted)
            {
                throw new InvalidOperationException($"The transport of {ConnectionId} was completed.");
            }
        }
    }

    /// <summary>Whatever frames are already waiting, without waiting for more.</summary>
    public IReadOnlyList<ReceivedInvocation> ReceivePending()
    {
        var frames = new List<ReceivedInvocation>();
        while (_toClient.Reader.TryRead(out var result))
        {
            if (!TryTakeFrame(_toClient.Reader, result.Buffer, out var invocation))
            {
                break;
            }

            frames.Add(invocation);
        }

        return frames;
    }

    /// <summary>Keeps frames read past by a barrier for <see cref="TakeReceived"/>.</summary>
    public void Record(ReceivedInvocation invocation) => _received.Add(invocation);

    /// <summary>The frames recorded since the last call.</summary>
    public IReadOnlyList<ReceivedInvocation> TakeReceived()
    {
        var taken = _received.ToArray();
        _received.Clear();
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        Context.Abort();
        await _toClient.Reader.CompleteAsync();
        await _toServer.Writer.CompleteAsync();
        await _connection.DisposeAsync();
    }

    private static bool TryTakeFrame(PipeReader reader, ReadOnlySequence<byte> buffer, out ReceivedInvocation invocation)
    {
        invocation = null!;
        var end = buffer.PositionOf(RecordSeparator);
        if (end is null)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            return false;
        }

        var frame = buffer.Slice(0, end.Value);
        invocation = Parse(frame);
        reader.AdvanceTo(buffer.GetPosition(1, end.Value));
        return true;
    }

    private static ReceivedInvocation Parse(ReadOnlySequence<byte> frame)
    {
        var json = new Utf8JsonReader(frame);
        using var document = JsonDocument.ParseValue(ref json);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("type").GetInt32());
        Assert.False(root.TryGetProperty("invocationId", out _), "a send is not an invocation awaiting a result");
        return new ReceivedInvocation(
            root.GetProperty("target").GetString()!,
            [.. root.GetProperty("arguments").EnumerateArray().Select(a => a.Clone())]);
    }
}
