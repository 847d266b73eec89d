using Meeting.SignalR.Redis.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meeting.SignalR.Redis.Tests;

public sealed class RedisBackplaneExtensionsTests
{
    [Fact]
    public async Task AddRedisBackplane_KeepsABusRegisteredBefore_AndUsesItForEveryHub()
    {
        var bus = new UnusedBackplaneBus();
        var services = new ServiceCollection().AddLogging().AddSingleton<IBackplaneBus>(bus);
        services.AddSignalR().AddRedisBackplane(o => o.ServerId = "gra-1");
        await using var provider = services.BuildServiceProvider();

        var manager = Assert.IsType<RedisHubLifetimeManager<TestHub>>(provider.GetRequiredService<HubLifetimeManager<TestHub>>());
        Assert.Same(bus, provider.GetRequiredService<IBackplaneBus>());
        Assert.Equal("gra-1", manager.ServerId);
    }

    [Fact]
    public async Task AddRedisBackplane_BindsItsOptionsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Meeting:Backplane:ChannelPrefix"] = "prod",
                ["Meeting:Backplane:AckTimeout"] = "00:00:02",
                ["Meeting:Backplane:ServerId"] = "sbg-1",
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IBackplaneBus>(new UnusedBackplaneBus());
        services.AddSignalR().AddRedisBackplane(configuration.GetSection(RedisBackplaneOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value;

        Assert.Equal("prod", options.ChannelPrefix);
        Assert.Equal(TimeSpan.FromSeconds(2), options.AckTimeout);
        Assert.Equal("sbg-1", options.ServerId);
    }

    [Fact]
    public async Task AddRedisBackplane_WithInvalidOptions_FailsNamingTheProblem()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IBackplaneBus>(new UnusedBackplaneBus());
        services.AddSignalR().AddRedisBackplane(o => o.AckTimeout = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value);

        Assert.Contains("AckTimeout", error.Message, StringComparison.Ordinal);
    }
}
