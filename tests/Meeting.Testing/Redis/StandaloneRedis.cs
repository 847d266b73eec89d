using Meeting.Redis;

namespace Meeting.Testing.Redis;

/// <summary>One redis-server with a password and an ACL user, in a temporary directory of its own.</summary>
public sealed class StandaloneRedis : IAsyncDisposable
{
    /// <summary>The default user's password.</summary>
    public const string Password = "data-secret";

    /// <summary>An ACL user allowed everything.</summary>
    public const string AclUser = "app";

    /// <summary>That user's password.</summary>
    public const string AclPassword = "app-secret";

    private readonly DirectoryInfo _directory;
    private readonly bool _requirePassword;

    private StandaloneRedis(DirectoryInfo directory, RedisProcess server, bool requirePassword)
    {
        _directory = directory;
        _requirePassword = requirePassword;
        Server = server;
    }

    /// <summary>The server process (a new one after <see cref="RestartAsync"/>).</summary>
    public RedisProcess Server { get; private set; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => Server.Address;

    /// <summary>Starts the server; <paramref name="requirePassword"/> false makes an open one (for the benchmark).</summary>
    public static async Task<StandaloneRedis> StartAsync(bool requirePassword = true, CancellationToken cancellationToken = default)
    {
        var directory = Directory.CreateTempSubdirectory("meeting-redis-");
        try
        {
            var server = await RedisProcess.StartAsync(RedisExecutables.Find("redis-server"), directory.FullName, "standalone", port => Config(port, directory, requirePassword), cancellationToken);
            return new StandaloneRedis(directory, server, requirePassword);
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Stops the server (<paramref name="keepData"/>: <c>SHUTDOWN SAVE</c>, so the restarted one loads
    /// its data; otherwise SIGKILL with nothing saved), waits <paramref name="away"/>, and starts it again on
    /// the same port.</summary>
    public async Task RestartAsync(bool keepData, TimeSpan away, CancellationToken cancellationToken = default)
    {
        if (keepData)
        {
            try
            {
                await RedisProbe.QueryAsync(Address, _requirePassword ? Password : null, new RedisCommand("SHUTDOWN", "SAVE"), cancellationToken);
            }
            catch (RedisException)
            {
                // The server closes the connection as it exits: that is the answer.
            }
            catch (IOException)
            {
            }

            await RedisProbe.WaitUntilAsync("redis-server to exit", TimeSpan.FromSeconds(10), () => Task.FromResult(Server.HasExited), cancellationToken);
        }

        Server.Dispose();
        await Task.Delay(away, cancellationToken);
        var port = Server.Port;
        Server = await RedisProcess.StartOnPortAsync(RedisExecutables.Find("redis-server"), _directory.FullName, "standalone", port, p => Config(p, _directory, _requirePassword), cancellationToken);
    }

    private static string Config(int port, DirectoryInfo directory, bool requirePassword) => $"""
                port {port}
                bind 127.0.0.1
                daemonize no
                dir {directory.FullName}
                logfile {"{log}"}
                save ""
                appendonly no
                enable-debug-command local
                {(requirePassword ? $"requirepass {Password}" : string.Empty)}
                {(requirePassword ? $"user {AclUser} on >{AclPassword} ~* &* +@all" : string.Empty)}
                """;

    /// <summary>Options for a direct connection to this server.</summary>
    public RedisOptions Options(TimeSpan? commandTimeout = null) => new()
    {
        EndPoint = Address,
        Password = Password,
        ClientName = "meeting-tests",
        ConnectTimeout = TimeSpan.FromSeconds(2),
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(5),
        WaitForConnectionTimeout = TimeSpan.FromSeconds(3),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Server.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temporary directory.
        }

        return ValueTask.CompletedTask;
    }
}
