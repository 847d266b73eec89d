namespace Meeting.Redis.Tests.Fixtures;

/// <summary>A Sentinel topology shared by the tests of one class.</summary>
public sealed class SentinelTopologyFixture : IAsyncLifetime
{
    private SentinelTopology? _topology;

    /// <summary>The running topology.</summary>
    public SentinelTopology Topology => _topology ?? throw new InvalidOperationException("Not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _topology = await SentinelTopology.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}
