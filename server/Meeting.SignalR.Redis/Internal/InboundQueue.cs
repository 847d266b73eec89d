using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// Processes what arrives from the bus one message at a time, in arrival order, on one loop: bus handlers must not
/// block, while delivering to connections and applying group changes are asynchronous. Keeping one order keeps the
/// order in which one server's sends reach a client on another server.
/// </summary>
internal sealed class InboundQueue : IAsyncDisposable
{
    private readonly Channel<(Func<ReadOnlyMemory<byte>, Task> Process, ReadOnlyMemory<byte> Payload)> _queue =
        Channel.CreateUnbounded<(Func<ReadOnlyMemory<byte>, Task>, ReadOnlyMemory<byte>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task _loop = Task.CompletedTask;
    private bool _started;

    public InboundQueue(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
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
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Queues <paramref name="payload"/> for <paramref name="process"/>; dropped after disposal.</summary>
    public void Post(Func<ReadOnlyMemory<byte>, Task> process, ReadOnlyMemory<byte> payload) =>
        _queue.Writer.TryWrite((process, payload));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The backplane's inbound loop did not finish within 5 s");
        }
    }

    private async Task RunAsync()
    {
        await foreach (var (process, payload) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await process(payload).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // One bad message or failed write must not stop deliveries for everyone else.
                _logger.LogError(ex, "Processing a backplane message failed");
            }
        }
    }
}
