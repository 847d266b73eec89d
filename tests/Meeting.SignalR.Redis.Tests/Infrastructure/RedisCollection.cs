namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>The tests sharing one redis-server; each uses its own channel prefix, so they cannot hear each other.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}
