using System.Diagnostics;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>A <c>caddy run</c> this test started, stopped (killed, by its own handle) when disposed.</summary>
internal sealed class CaddyRun : IDisposable
{
    private readonly Process _process;

    private CaddyRun(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public static CaddyRun Start(string caddyfile, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("caddy")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "run", "--config", caddyfile, "--adapter", "caddyfile" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("caddy did not start");
        // Drained so that a chatty Caddy never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new CaddyRun(process);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
