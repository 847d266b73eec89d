using System.Diagnostics;

namespace Meeting.Redis.Bench;

/// <summary>
/// Our client under the same load shape as <c>redis-benchmark -c C -P P -n N</c>: C concurrent callers, each keeping
/// P commands in flight (issue P, await P) over ONE multiplexed connection, N commands in all.
/// </summary>
internal static class ClientThroughput
{
    public static async Task<double> RunAsync(RedisClient client, string test, int callers, int depth, int total)
    {
        var value = new byte[3]; // redis-benchmark's default payload is 3 bytes
        var perCaller = total / callers;
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var key = $"bench:{caller}";
            var inFlight = new Task[depth];
            for (var done = 0; done < perCaller; done += depth)
            {
                var batch = Math.Min(depth, perCaller - done);
                for (var i = 0; i < batch; i++)
                {
                    inFlight[i] = test == "SET"
                        ? client.ExecuteAsync(new RedisCommand("SET", key, value))
                        : client.ExecuteAsync(new RedisCommand("GET", key));
                }

                await Task.WhenAll(inFlight.AsSpan(0, batch));
            }
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2));
        return perCaller * callers / stopwatch.Elapsed.TotalSeconds;
    }
}
