namespace Meeting.Testing.Redis;

/// <summary>Finds the Redis binaries. A missing binary is an error, never a reason to skip: CI must install them.</summary>
public static class RedisExecutables
{
    /// <summary>The path of <paramref name="name"/> (redis-server, redis-sentinel, redis-benchmark).</summary>
    public static string Find(string name)
    {
        var candidates = new List<string> { Path.Combine("/usr/bin", name) };
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        candidates.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{name} was not found in /usr/bin or on PATH. Install the Debian package redis-server (it ships redis-server, redis-sentinel and redis-benchmark); these tests need the real thing.");
    }
}
