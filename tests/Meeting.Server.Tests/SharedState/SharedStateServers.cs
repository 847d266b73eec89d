using System.Globalization;
using Meeting.Redis;
using Meeting.Testing.Redis;

namespace Meeting.Server.Tests.SharedState;

/// <summary>A real Sentinel topology (master, replica, three sentinels) and two meeting servers, "gra"
/// and "sbg", sharing it — the two sites of the product in one test process.</summary>
public sealed class SharedStateServers : IAsyncLifetime
{
    private SentinelTopology? _topology;

    public SentinelTopology Topology => _topology ?? throw new InvalidOperationException("Not started.");

    public MeetingServerFactory Gra { get; private set; } = null!;

    public MeetingServerFactory Sbg { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _topology = await SentinelTopology.StartAsync();
        Gra = Create("gra", _topology.Options());
        Sbg = Create("sbg", _topology.Options());

        // Start both hosts now, so the first test does not pay for it inside its own timeouts.
        await Gra.CreateSessionAsync();
        await Sbg.CreateSessionAsync();
    }

    public async Task DisposeAsync()
    {
        await Gra.DisposeAsync();
        await Sbg.DisposeAsync();
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }

    /// <summary>A meeting server configured to reach Redis as <paramref name="redis"/> says.</summary>
    public static MeetingServerFactory Create(string site, RedisOptions redis)
    {
        var factory = new MeetingServerFactory()
            .With("Meeting:Site:Name", site)
            .With("Meeting:Redis:KeyPrefix", "test")
            .With("Meeting:Redis:ConnectTimeout", "00:00:02")
            .With("Meeting:Redis:CommandTimeout", "00:00:05")
            .With("Meeting:Redis:WaitForConnectionTimeout", "00:00:02")
            .With("Meeting:Redis:ReconnectMinDelay", "00:00:00.050")
            .With("Meeting:Redis:ReconnectMaxDelay", "00:00:01")
            .With("Meeting:Redis:UnreadyGrace", "00:00:01");
        if (redis.EndPoint is not null)
        {
            factory.With("Meeting:Redis:EndPoint", redis.EndPoint);
        }

        for (var i = 0; i < redis.Sentinels.Count; i++)
        {
            factory.With($"Meeting:Redis:Sentinels:{i.ToString(CultureInfo.InvariantCulture)}", redis.Sentinels[i]);
        }

        if (redis.MasterName is not null)
        {
            factory.With("Meeting:Redis:MasterName", redis.MasterName);
        }

        if (redis.Password is not null)
        {
            factory.With("Meeting:Redis:Password", redis.Password);
        }

        if (redis.SentinelPassword is not null)
        {
            factory.With("Meeting:Redis:SentinelPassword", redis.SentinelPassword);
        }

        return factory;
    }
}
