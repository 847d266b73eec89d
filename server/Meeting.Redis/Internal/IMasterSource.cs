namespace Meeting.Redis.Internal;

/// <summary>Where a connection should go: a fixed endpoint, or the master that Sentinel names and ROLE confirms.</summary>
internal interface IMasterSource
{
    /// <summary>Raised when the confirmed master moves; connections elsewhere should drop and reconnect.</summary>
    event Action<RedisEndPoint>? MasterChanged;

    /// <summary>The endpoint to connect to; <paramref name="refresh"/> asks for a fresh look rather than the last answer.</summary>
    Task<RedisEndPoint> GetEndPointAsync(bool refresh, CancellationToken cancellationToken);

    /// <summary>A server at <paramref name="endPoint"/> answered -READONLY: it is no longer the master.</summary>
    void ReportReadOnly(RedisEndPoint endPoint);
}
