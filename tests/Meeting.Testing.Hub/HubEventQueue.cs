using System.Threading.Channels;

namespace Meeting.Testing.Hub;

/// <summary>
/// Every call of one server-to-client method, in arrival order, for a test to wait on. A wait with a
/// filter skips non-matching calls but keeps them for later waits, so two waits in either order both succeed.
/// </summary>
public sealed class HubEventQueue<T>
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<T> _arrivals = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly List<T> _skipped = [];
    private readonly SemaphoreSlim _readLock = new(1, 1);

    public HubEventQueue(string name) => Name = name;

    /// <summary>The wire name of the method, for messages.</summary>
    public string Name { get; }

    internal void Add(T message) => _arrivals.Writer.TryWrite(message);

    internal void Complete(Exception? error) => _arrivals.Writer.TryComplete(error is null ? null : new ChannelClosedException(error.Message, error));

    /// <summary>The next call that matches <paramref name="match"/>; <see cref="TimeoutException"/> when none arrives within
    /// <paramref name="timeout"/> (10 s unless given), <see cref="InvalidOperationException"/> when the connection closed first.</summary>
    public async Task<T> NextAsync(Func<T, bool>? match = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            // One reader at a time, so a message skipped by one wait is in the list before the next looks.
            await _readLock.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{Name}' message arrived in time.");
        }

        try
        {
            var index = _skipped.FindIndex(m => match?.Invoke(m) ?? true);
            if (index >= 0)
            {
                var found = _skipped[index];
                _skipped.RemoveAt(index);
                return found;
            }

            while (true)
            {
                var next = await _arrivals.Reader.ReadAsync(cts.Token);
                if (match?.Invoke(next) ?? true)
                {
                    return next;
                }

                _skipped.Add(next);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{Name}' message arrived in time.");
        }
        catch (ChannelClosedException ex)
        {
            // Not a timeout: a closed connection must not pass for "nothing arrived" in ArrivesWithinAsync.
            throw new InvalidOperationException($"The connection closed before a '{Name}' message arrived: {ex.InnerException?.Message ?? "closed without an error"}.", ex);
        }
        finally
        {
            _readLock.Release();
        }
    }

    /// <summary>True when a matching call arrives within <paramref name="window"/>; for asserting that something does <em>not</em>
    /// happen. Throws when the connection closed, which would otherwise look like silence.</summary>
    public async Task<bool> ArrivesWithinAsync(TimeSpan window, Func<T, bool>? match = null)
    {
        try
        {
            await NextAsync(match, window);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
