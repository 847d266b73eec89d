namespace Meeting.Redis.Tests;

/// <summary>Every await in these tests is bounded.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task Within(this Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);
}
