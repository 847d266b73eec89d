using Meeting.Testing.Processes;
namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>Sends POSIX signals to the kit's processes, by PID only.</summary>
internal static class Signals
{
    public static async Task SendAsync(int pid, string signal)
    {
        var result = await ShellCommand.RunAsync("/bin/kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5), RepositoryPaths.Root);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} failed: {result}");
        }
    }
}
