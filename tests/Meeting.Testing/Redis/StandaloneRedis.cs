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

    private StandaloneRedis(DirectoryInfo directory, RedisProcess server)
    {
        _directory = directory;
        Server = server;
    }

    /// <summary>The server process.</summary>
    public RedisProcess Server { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => Server.Address;

    /// <summary>Starts the server; <paramref name="requirePassword"/> false makes an open one (for the benchmark).</summary>
    public static async Task<StandaloneRedis> StartAsync(bool requirePassword = true, CancellationToken cancellationToken = default)
    {
        var executable = RedisExecutables.Find("redis-server");
        var directory = Directory.CreateTempSubdirectory("meeting-redis-");
        try
        {
            var server = await RedisProcess.StartAsync(executable, directory.FullName, "standalone", port => $"""
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
                """, cancellationToken);
            return new StandaloneRedis(directory, server);
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

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
