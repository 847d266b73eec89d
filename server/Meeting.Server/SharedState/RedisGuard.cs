using Meeting.Redis;
using Meeting.Server.Domain;

namespace Meeting.Server.SharedState;

/// <summary>Turns the Redis client's failures into the one exception the rest of the server understands.</summary>
internal static class RedisGuard
{
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RedisException ex)
        {
            throw new StoreUnavailableException($"The shared store could not {what}: {ex.Message}", ex);
        }
    }

    public static async Task RunAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RedisException ex)
        {
            throw new StoreUnavailableException($"The shared store could not {what}: {ex.Message}", ex);
        }
    }
}
