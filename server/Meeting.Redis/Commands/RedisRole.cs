namespace Meeting.Redis.Commands;

/// <summary>The answer to ROLE.</summary>
/// <param name="Kind"><c>master</c>, <c>slave</c> or <c>sentinel</c>, as the server says it.</param>
/// <param name="ReplicationOffset">The replication offset (0 for a Sentinel).</param>
/// <param name="Master">For a replica, the master it follows.</param>
/// <param name="LinkState">For a replica: <c>connect</c>, <c>connecting</c>, <c>sync</c> or <c>connected</c>.</param>
/// <param name="Replicas">For a master, its connected replicas.</param>
public sealed record RedisRole(string Kind, long ReplicationOffset, RedisEndPoint? Master, string? LinkState, IReadOnlyList<RedisEndPoint> Replicas)
{
    /// <summary>True when the server is a master.</summary>
    public bool IsMaster => Kind == "master";

    /// <summary>Reads a ROLE reply.</summary>
    /// <exception cref="RedisProtocolException">The reply is not shaped like ROLE's.</exception>
    public static RedisRole FromReply(RedisReply reply)
    {
        var items = reply.Kind == RedisReplyKind.Array ? reply.AsSpan() : default;
        if (items.Length == 0)
        {
            throw new RedisProtocolException($"ROLE answered {reply}.");
        }

        var kind = items[0].AsString() ?? string.Empty;
        switch (kind)
        {
            case "master" when items.Length >= 3:
                var replicas = new List<RedisEndPoint>();
                foreach (var replica in items[2].AsSpan())
                {
                    replicas.Add(new RedisEndPoint(replica[0].AsString()!, (int)replica[1].AsInt64()));
                }

                return new RedisRole(kind, items[1].AsInt64(), null, null, replicas);
            case "slave" when items.Length >= 5:
                return new RedisRole(kind, items[4].AsInt64(), new RedisEndPoint(items[1].AsString()!, (int)items[2].AsInt64()), items[3].AsString(), []);
            default:
                return new RedisRole(kind, 0, null, null, []);
        }
    }
}
