using Meeting.Redis;

namespace Meeting.Redis.Compare.Measurement;

/// <summary>Reads back every acknowledged key from the settled master, on a connection of its own (so neither stack under test reads its own writes).</summary>
internal static class KeyAudit
{
    private const int BatchSize = 500;

    /// <summary>Which writes were acknowledged but are not on the master with the value written.</summary>
    public static async Task<bool[]> FindLostAsync(string masterAddress, string password, WriteProbe writes, CancellationToken cancellationToken)
    {
        var lost = new bool[writes.Count];
        var acknowledged = Enumerable.Range(0, writes.Count).Where(i => !double.IsNaN(writes.AckedMs(i))).ToArray();
        await using var client = await RedisClient.ConnectAsync(new RedisOptions
        {
            EndPoint = masterAddress,
            Password = password,
            ClientName = "compare-audit",
            WaitForConnectionTimeout = TimeSpan.Zero,
        }, cancellationToken: cancellationToken);
        foreach (var batch in acknowledged.Chunk(BatchSize))
        {
            var reply = await client.ExecuteAsync(new RedisCommand("MGET", [.. batch.Select(i => (RedisArgument)(WriteProbe.KeyPrefix + i))]), cancellationToken);
            for (var k = 0; k < batch.Length; k++)
            {
                lost[batch[k]] = reply[k].AsString() != batch[k].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return lost;
    }
}
