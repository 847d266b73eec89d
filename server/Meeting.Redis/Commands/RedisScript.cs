using System.Security.Cryptography;
using System.Text;

namespace Meeting.Redis.Commands;

/// <summary>
/// A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet (<c>NOSCRIPT</c>, after a
/// restart, a failover or SCRIPT FLUSH). The fallback is safe: NOSCRIPT means the script did not run.
/// </summary>
public sealed class RedisScript
{
    /// <summary>Creates the script and computes its SHA-1, the name EVALSHA knows it by.</summary>
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>The lowercase hex SHA-1 of the source.</summary>
    public string Sha1 { get; }

    /// <summary>Runs the script with <paramref name="keys"/> (KEYS) and <paramref name="arguments"/> (ARGV).</summary>
    public async Task<RedisReply> EvaluateAsync(
        IRedisConnection connection,
        IReadOnlyList<RedisArgument> keys,
        IReadOnlyList<RedisArgument> arguments,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await connection.ExecuteAsync(Build("EVALSHA", Sha1, keys, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Prefix == "NOSCRIPT")
        {
            return await connection.ExecuteAsync(Build("EVAL", Source, keys, arguments), cancellationToken).ConfigureAwait(false);
        }
    }

    private static RedisCommand Build(string name, string script, IReadOnlyList<RedisArgument> keys, IReadOnlyList<RedisArgument> arguments)
    {
        var all = new RedisArgument[2 + keys.Count + arguments.Count];
        all[0] = script;
        all[1] = keys.Count;
        for (var i = 0; i < keys.Count; i++)
        {
            all[2 + i] = keys[i];
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            all[2 + keys.Count + i] = arguments[i];
        }

        return new RedisCommand(name, all);
    }
}
