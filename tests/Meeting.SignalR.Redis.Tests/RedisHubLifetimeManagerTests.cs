using Meeting.SignalR.Redis.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Tests;

/// <summary>The specification against two Redis backplane servers sharing a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHubLifetimeManagerTests(RedisServerFixture redis) : HubLifetimeManagerSpecification
{
    private BackplaneServer? _first;
    private BackplaneServer? _second;

    protected override async Task<(HubLifetimeManager<TestHub> First, HubLifetimeManager<TestHub> Second)> CreateServersAsync()
    {
        var prefix = $"test-{Guid.NewGuid():N}";
        _first = await BackplaneServer.StartAsync(redis.EndPoint, "first", o => o.ChannelPrefix = prefix);
        _second = await BackplaneServer.StartAsync(redis.EndPoint, "second", o => o.ChannelPrefix = prefix);
        return (_first.Manager, _second.Manager);
    }

    protected override async ValueTask DisposeServersAsync()
    {
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }
}
