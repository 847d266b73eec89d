using System.Text.RegularExpressions;
using Meeting.Testing.Processes;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// Runs a unit's <c>ExecStart=/bin/sh -c '…'</c> the way systemd would (site.env as the environment, the
/// password in <c>$CREDENTIALS_DIRECTORY</c>, <c>$$</c> as a literal <c>$</c>), with the final
/// <c>exec /usr/bin/dotnet</c> replaced by a printout of the arguments and the secrets it would pass.
/// </summary>
internal sealed partial class SystemdExecStart
{
    private const string Dotnet = "exec /usr/bin/dotnet ";

    private SystemdExecStart(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        Arguments = arguments;
        Environment = environment;
    }

    /// <summary>What dotnet would be given, after "dotnet".</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The Meeting__* variables the script exports for the server.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<SystemdExecStart> EvaluateAsync(string unitPath, SiteEnv siteEnv, string password)
    {
        var execStart = SystemdUnit.Load(unitPath).Single("ExecStart");
        var match = ShellCommandLine().Match(execStart);
        Assert.True(match.Success, $"ExecStart should be /bin/sh -c '…': {execStart}");
        var script = match.Groups["script"].Value.Replace("$$", "$", StringComparison.Ordinal);
        Assert.Contains(Dotnet, script, StringComparison.Ordinal);
        script = script.Replace(
            Dotnet,
            "printf 'ENV Meeting__Redis__Password=%s\\n' \"$Meeting__Redis__Password\"; printf 'ENV Meeting__Redis__SentinelPassword=%s\\n' \"$Meeting__Redis__SentinelPassword\"; exec printf 'ARG %s\\n' ",
            StringComparison.Ordinal);

        var credentials = Directory.CreateTempSubdirectory("meeting-credentials-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(credentials.FullName, "redis-password"), password);
            var environment = siteEnv.Values.ToDictionary(pair => pair.Key, pair => (string?)pair.Value);
            environment["CREDENTIALS_DIRECTORY"] = credentials.FullName;
            var result = await ShellCommand.RunAsync("/bin/sh", ["-c", script], TimeSpan.FromSeconds(10), RepositoryPaths.Root, environment);
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return new SystemdExecStart(
                lines.Where(l => l.StartsWith("ARG ", StringComparison.Ordinal)).Select(l => l[4..]).ToArray(),
                lines.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)).Select(l => l[4..].Split('=', 2)).ToDictionary(p => p[0], p => p[1]));
        }
        finally
        {
            credentials.Delete(recursive: true);
        }
    }

    [GeneratedRegex("^/bin/sh -c '(?<script>[^']*)'$")]
    private static partial Regex ShellCommandLine();
}
