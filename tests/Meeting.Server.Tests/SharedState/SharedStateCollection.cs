namespace Meeting.Server.Tests.SharedState;

/// <summary>The tests that share one Sentinel topology and its two servers; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedStateCollection : ICollectionFixture<SharedStateServers>
{
    public const string Name = "Shared state across two sites";
}
