using Meeting.Kit.Tests.Infrastructure;
using Meeting.Testing.Processes;

namespace Meeting.Kit.Tests;

/// <summary><c>redis-sentinel/roles-check.sh</c>, the verdict <c>kit status</c> prints under its table of Redis nodes,
/// fed the roles as <c>kit status</c> collects them (no running kit needed).</summary>
public sealed class RedisRolesCheckTests
{
    private const string GraRedis = "gra-redis@127.0.0.2:6379";
    private const string SbgRedis = "sbg-redis@127.0.0.3:6379";

    [Fact]
    public async Task OneMasterNamedByEverySentinel_IsFine()
    {
        var result = await CheckAsync($"{GraRedis}=master", $"{SbgRedis}=replica", "gra-sentinel=127.0.0.2:6379", "sbg-sentinel=127.0.0.2:6379", "witness-sentinel=unreachable");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Output.Trim());
    }

    [Fact]
    public async Task TwoNodesClaimingMaster_IsASplitBrain_AndFails()
    {
        var result = await CheckAsync($"{GraRedis}=master", $"{SbgRedis}=master", "gra-sentinel=127.0.0.3:6379", "sbg-sentinel=127.0.0.3:6379", "witness-sentinel=127.0.0.3:6379");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("SPLIT BRAIN: 2 nodes claim master: gra-redis sbg-redis", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SentinelsNamingDifferentMasters_Fails()
    {
        var result = await CheckAsync($"{GraRedis}=replica", $"{SbgRedis}=master", "gra-sentinel=127.0.0.2:6379", "sbg-sentinel=127.0.0.3:6379");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("SENTINELS DISAGREE", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SentinelsNamingANodeThatIsNotMaster_Fails()
    {
        var result = await CheckAsync($"{GraRedis}=replica", $"{SbgRedis}=master", "gra-sentinel=127.0.0.2:6379", "sbg-sentinel=127.0.0.2:6379");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("the sentinels name 127.0.0.2:6379 as master, but it does not claim master (sbg-redis does)", result.Output, StringComparison.Ordinal);
    }

    private static Task<CommandResult> CheckAsync(params string[] roles) =>
        ShellCommand.RunAsync(Path.Combine(RepositoryPaths.Root, "redis-sentinel", "roles-check.sh"), roles, TimeSpan.FromSeconds(30), RepositoryPaths.Root);
}
