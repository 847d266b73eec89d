using Meeting.SignalR.Redis.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meeting.SignalR.Redis.Tests;

/// <summary>The specification against SignalR's own in-memory manager: the reference for the behaviour.</summary>
public sealed class DefaultHubLifetimeManagerTests : HubLifetimeManagerSpecification
{
    protected override Task<(HubLifetimeManager<TestHub> First, HubLifetimeManager<TestHub> Second)> CreateServersAsync()
    {
        var server = new DefaultHubLifetimeManager<TestHub>(NullLogger<DefaultHubLifetimeManager<TestHub>>.Instance);
        return Task.FromResult<(HubLifetimeManager<TestHub>, HubLifetimeManager<TestHub>)>((server, server));
    }

    protected override ValueTask DisposeServersAsync() => ValueTask.CompletedTask;
}
