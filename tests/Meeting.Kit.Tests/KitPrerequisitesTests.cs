using Meeting.Kit.Tests.Infrastructure;
using Meeting.Testing.Processes;

namespace Meeting.Kit.Tests;

/// <summary>A machine without a server the kit needs gets the exact package to install, before anything starts.</summary>
public sealed class KitPrerequisitesTests : IDisposable
{
    private static readonly string[] Needed = ["dotnet", "node", "curl", "setsid", "redis-server", "redis-sentinel", "redis-cli", "caddy", "readlink", "dirname", "grep", "sed"];

    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("meeting-kit-path-");

    [Theory]
    [InlineData("caddy", "apt-get install -y caddy")]
    [InlineData("redis-sentinel", "apt-get install -y redis-sentinel")]
    [InlineData("redis-server", "apt-get install -y redis-server")]
    public async Task KitUp_WithoutAServerProgram_SaysWhatToInstall_AndStartsNothing(string missing, string advice)
    {
        foreach (var tool in Needed.Where(t => t != missing))
        {
            File.CreateSymbolicLink(Path.Combine(_bin.FullName, tool), Which(tool));
        }

        var result = await ShellCommand.RunAsync(
            "/bin/bash",
            [RepositoryPaths.Kit, "up"],
            TimeSpan.FromSeconds(20),
            RepositoryPaths.Root,
            new Dictionary<string, string?> { ["PATH"] = _bin.FullName });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"missing: {missing}", result.Output, StringComparison.Ordinal);
        Assert.Contains(advice, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("==>", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _bin.Delete(recursive: true);

    private static string Which(string tool)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{tool} is not installed; the kit needs it (see ./kit up).");
}
