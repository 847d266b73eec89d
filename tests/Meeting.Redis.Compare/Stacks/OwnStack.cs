using Meeting.Redis.Commands;
using Meeting.SignalR.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.Redis.Compare.Stacks;

/// <summary>Meeting.Redis with Meeting.SignalR.Redis, with <see cref="RedisOptions"/> at their defaults, as the server uses them.</summary>
internal sealed class OwnStack(IReadOnlyList<string> sentinels, string masterName, string password) : IRedisStack
{
    public string Name => "ours";

    public async Task<IKeyWriter> ConnectWriterAsync(CancellationToken cancellationToken) =>
        new OwnWriter(await RedisClient.ConnectAsync(Options("compare-writer"), cancellationToken: cancellationToken));

    public async Task<IAsyncDisposable?> AddBackplaneAsync(WebApplicationBuilder builder, string hostName, CancellationToken cancellationToken)
    {
        var client = await RedisClient.ConnectAsync(Options("compare-" + hostName), cancellationToken: cancellationToken);
        builder.Services.AddSingleton(client);
        builder.Services.AddSignalR().AddRedisBackplane(o => o.ChannelPrefix = "compare");
        return client;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private RedisOptions Options(string clientName) => new()
    {
        Sentinels = [.. sentinels],
        MasterName = masterName,
        Password = password,
        SentinelPassword = password,
        ClientName = clientName,
    };

    private sealed class OwnWriter(RedisClient client) : IKeyWriter
    {
        public Task SetAsync(string key, long value) => client.SetAsync(key, value);

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
