namespace Meeting.Redis;

/// <summary>One handler's subscription; disposing it removes that handler (and unsubscribes when it was the last).</summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private readonly RedisSubscriber _owner;
    private readonly Action<RedisMessage> _handler;
    private int _disposed;

    internal RedisSubscription(RedisSubscriber owner, bool isPattern, string name, Action<RedisMessage> handler)
    {
        _owner = owner;
        IsPattern = isPattern;
        Name = name;
        _handler = handler;
    }

    /// <summary>The channel, or the pattern.</summary>
    public string Name { get; }

    /// <summary>True for a pattern subscription.</summary>
    public bool IsPattern { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _owner.RemoveAsync(IsPattern, Name, _handler, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
