using Meeting.Redis;

namespace Meeting.Testing.Redis;

/// <summary>One-off commands for fixtures, each on its own short-lived connection.</summary>
public static class RedisProbe
{
    /// <summary>Runs <paramref name="command"/> against <paramref name="address"/> and returns the reply.</summary>
    public static async Task<RedisReply> QueryAsync(string address, string? password, RedisCommand command, CancellationToken cancellationToken = default)
    {
        var options = new RedisOptions
        {
            EndPoint = address,
            Password = password,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            CommandTimeout = TimeSpan.FromSeconds(2),
            WaitForConnectionTimeout = TimeSpan.Zero,
        };
        await using var client = await RedisClient.ConnectAsync(options, cancellationToken: cancellationToken);
        return await client.ExecuteAsync(command, cancellationToken);
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="timeout"/> passes; errors count as "not yet".</summary>
    public static async Task WaitUntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Exception? last = null;
        while (started.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (RedisException ex)
            {
                last = ex;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}; last error: {last?.Message ?? "none"}.");
    }
}
