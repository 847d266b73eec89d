using System.Net;
using System.Net.Sockets;
using System.Text;
using Meeting.Testing.Redis;

namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port (started by the shared <see cref="StandaloneRedis"/>), shared by
/// the tests of a collection and killed by its PID at the end. A missing redis-server is a failure, never a skip.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private StandaloneRedis? _redis;

    private StandaloneRedis Redis => _redis ?? throw new InvalidOperationException("Not started.");

    public int Port => Redis.Server.Port;

    public string EndPoint => Redis.Address;

    public async Task InitializeAsync() => _redis = await StandaloneRedis.StartAsync(requirePassword: false);

    /// <summary>Runs one command through a fresh connection (inline protocol) and returns the raw reply text.</summary>
    public async Task<string> RunAsync(string inlineCommand)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Port, cancel.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(inlineCommand + "\r\n"), SocketFlags.None, cancel.Token);
        var buffer = new byte[64 * 1024];
        var reply = new StringBuilder();

        // Replies used here are short; read until the line ends, then whatever has already arrived.
        do
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (read == 0)
            {
                break;
            }

            reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        while (!reply.ToString().EndsWith("\r\n", StringComparison.Ordinal) || socket.Available > 0);

        return reply.ToString();
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
