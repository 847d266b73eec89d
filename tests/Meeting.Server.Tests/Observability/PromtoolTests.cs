using System.Diagnostics;
using Meeting.Testing;

namespace Meeting.Server.Tests.Observability;

/// <summary>
/// Prometheus' own checker, <c>promtool check metrics</c> (Debian package <c>prometheus</c>), must accept
/// the scrape with no lint warnings. A machine without promtool fails these tests: CI must install it.
/// </summary>
public sealed class PromtoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LiveScrape_AfterTrafficWithRejections_PassesPromtoolWithoutWarnings()
    {
        await using var server = new MeetingServerFactory();
        var room = TestRooms.Unique();
        var (_, alice) = await server.ConnectNewClientAsync().WaitAsync(Timeout);
        var (bobSession, bob) = await server.ConnectNewClientAsync().WaitAsync(Timeout);
        await using (alice)
        await using (bob)
        {
            await Assert.ThrowsAsync<HubCallException>(() => alice.ChatAsync("before joining"));
            await Assert.ThrowsAsync<HubCallException>(() => alice.JoinAsync("Not A Room!", "Alice"));
            await Assert.ThrowsAsync<HubCallException>(() => alice.JoinAsync(room, ""));
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob \"the\" \\ builder");
            await Assert.ThrowsAsync<HubCallException>(() => alice.SignalAsync("nobody", new { sdp = "v=0" }));
            await alice.SignalAsync(bobSession.PeerId, new { candidate = "candidate:1 1 udp 1 127.0.0.1 9 typ host" });
            await alice.ChatAsync("hello\nworld");
            using (var missing = await MetricsScrapeClient.GetAsync(server, "/no-such-page"))
            {
                Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
            }

            var scrape = await MetricsScrapeClient.ScrapeAsync(server);
            Assert.True(scrape["meeting_hub_rejections_total{code=\"not_in_room\"}"] >= 1);

            var (exitCode, output) = await CheckMetricsAsync(scrape.Text);

            Assert.True(exitCode == 0 && output.Length == 0, $"promtool exited {exitCode}:\n{output}\n--- scrape ---\n{scrape.Text}");
        }
    }

    /// <summary>Pipes <paramref name="text"/> into <c>promtool check metrics</c>; lint warnings come on its output.</summary>
    internal static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string text)
    {
        var start = new ProcessStartInfo(FindPromtool())
        {
            ArgumentList = { "check", "metrics" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var promtool = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            var stdout = promtool.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = promtool.StandardError.ReadToEndAsync(deadline.Token);
            await promtool.StandardInput.WriteAsync(text.AsMemory(), deadline.Token);
            promtool.StandardInput.Close();
            await promtool.WaitForExitAsync(deadline.Token);
            return (promtool.ExitCode, ((await stdout) + (await stderr)).Trim());
        }
        finally
        {
            if (!promtool.HasExited)
            {
                promtool.Kill();
            }
        }
    }

    private static string FindPromtool()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var candidates = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "promtool"))
            .Append("/usr/bin/promtool");
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new Xunit.Sdk.XunitException("promtool was not found on PATH or at /usr/bin/promtool; install the Debian package 'prometheus'.");
    }
}
