namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// An asynchronous lock per key, approximated by a fixed set of stripes: changes to one group are serialized
/// (join, subscribe, leave, unsubscribe) without making every group wait on the slowest Redis round trip.
/// </summary>
internal sealed class StripedAsyncLock : IDisposable
{
    private readonly SemaphoreSlim[] _stripes;

    public StripedAsyncLock(int stripes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripes, 1);
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async Task<Releaser> LockAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    /// <summary>Releases the stripe when disposed.</summary>
    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
