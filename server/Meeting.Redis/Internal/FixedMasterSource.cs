namespace Meeting.Redis.Internal;

/// <summary>A single configured endpoint; it never moves.</summary>
internal sealed class FixedMasterSource(RedisEndPoint endPoint) : IMasterSource
{
    // Never raised: a fixed endpoint does not move.
    public event Action<RedisEndPoint>? MasterChanged
    {
        add { }
        remove { }
    }

    public Task<RedisEndPoint> GetEndPointAsync(bool refresh, CancellationToken cancellationToken) => Task.FromResult(endPoint);

    // Without Sentinel there is nowhere else to go: the caller sees RedisReadOnlyException.
    public void ReportReadOnly(RedisEndPoint endPoint)
    {
    }
}
