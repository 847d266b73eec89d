using Meeting.Redis.Commands;
using Meeting.Redis.Internal;
using Microsoft.Extensions.Logging;

namespace Meeting.Redis.Sentinel;

/// <summary>
/// One pass over the Sentinels: ask all of them at once <c>SENTINEL get-master-addr-by-name</c>, and accept the first
/// answer that <c>ROLE</c> on that address confirms as master. Asking in parallel means that a Sentinel whose site is
/// gone (packets dropped, so only the connect timeout ends the wait) does not delay the answer of the others. A
/// Sentinel that is down, does not know the master, or names a server that is not (or no longer) master is skipped.
/// </summary>
internal sealed class SentinelMasterResolver(
    string masterName,
    IReadOnlyList<RedisEndPoint> sentinels,
    ConnectionFactory sentinelFactory,
    ConnectionFactory dataFactory,
    ILogger logger)
{
    public async Task<RedisEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var asking = sentinels.Select(sentinel => AskAsync(sentinel, answered.Token)).ToList();
        var problems = new List<string>(sentinels.Count);
        while (asking.Count > 0)
        {
            var finished = await Task.WhenAny(asking).ConfigureAwait(false);
            asking.Remove(finished);
            var (master, problem) = await finished.ConfigureAwait(false);
            if (master is { } confirmed)
            {
                // The others stop at their next await and close their connections.
                await answered.CancelAsync().ConfigureAwait(false);
                return confirmed;
            }

            problems.Add(problem!);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new RedisConnectionException($"No Sentinel named a confirmed master for '{masterName}': {string.Join("; ", problems)}.");
    }

    // Never throws: the outcome is a confirmed master or the reason this Sentinel could not give one.
    private async Task<(RedisEndPoint? Master, string? Problem)> AskAsync(RedisEndPoint sentinel, CancellationToken cancellationToken)
    {
        try
        {
            var candidate = await AskSentinelAsync(sentinel, cancellationToken).ConfigureAwait(false);
            if (candidate is null)
            {
                return (null, $"{sentinel} does not know master '{masterName}'");
            }

            var role = await AskRoleAsync(candidate.Value, cancellationToken).ConfigureAwait(false);
            if (!role.IsMaster)
            {
                return (null, $"{sentinel} named {candidate} but its ROLE is {role.Kind}");
            }

            logger.LogDebug("Sentinel {Sentinel} named {Master} as master of {MasterName}, ROLE confirmed", sentinel, candidate, masterName);
            return (candidate, null);
        }
        catch (Exception ex)
        {
            return (null, $"{sentinel}: {ex.Message}");
        }
    }

    private async Task<RedisEndPoint?> AskSentinelAsync(RedisEndPoint sentinel, CancellationToken cancellationToken)
    {
        var connection = await sentinelFactory.ConnectAsync(sentinel, null, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var reply = await connection.ExecuteAsync(new RedisCommand("SENTINEL", "get-master-addr-by-name", masterName), cancellationToken).ConfigureAwait(false);
            if (reply.IsNull || reply.Count < 2)
            {
                return null;
            }

            return new RedisEndPoint(reply[0].AsString()!, (int)reply[1].AsInt64());
        }
    }

    private async Task<RedisRole> AskRoleAsync(RedisEndPoint candidate, CancellationToken cancellationToken)
    {
        var connection = await dataFactory.ConnectAsync(candidate, null, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.RoleAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
