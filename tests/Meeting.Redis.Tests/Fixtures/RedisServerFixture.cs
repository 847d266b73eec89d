namespace Meeting.Redis.Tests.Fixtures;

/// <summary>A standalone redis-server shared by the tests of one class.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private StandaloneRedis? _redis;

    /// <summary>The running server.</summary>
    public StandaloneRedis Redis => _redis ?? throw new InvalidOperationException("Not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _redis = await StandaloneRedis.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
