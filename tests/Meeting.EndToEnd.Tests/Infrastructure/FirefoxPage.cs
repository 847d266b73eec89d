using System.Diagnostics;
using System.Text.Json;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One person at the meeting page in Debian's Firefox ESR: <c>node/firefox-page.js</c> drives it through
/// puppeteer-core over WebDriver BiDi, joins the room named in the address and answers <c>stats</c> with
/// the page's own <c>window.meeting.mediaStats()</c>, the same hook the Chromium tests read. A missing
/// <c>/usr/bin/firefox-esr</c> or an unrestored puppeteer-core fails the test, it does not skip it.
/// </summary>
public sealed class FirefoxPage : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/firefox-esr";

    /// <summary>Firefox's first start with a fresh profile takes ~20 s on this loaded 2-core machine.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(15);

    private readonly NodeScript _script;
    private readonly SemaphoreSlim _command = new(1, 1); // one stats request in flight: replies carry no id
    private int? _firefoxProcessId;

    private FirefoxPage(NodeScript script, string displayName)
    {
        _script = script;
        DisplayName = displayName;
    }

    public string DisplayName { get; }

    /// <summary>The page's peer id, known once <see cref="WaitUntilJoinedAsync"/> returned.</summary>
    public string? PeerId { get; private set; }

    /// <summary>Starts Firefox on <c>/?room=</c><paramref name="room"/>; it presses Join by itself.
    /// Returns at once, so other pages can open while Firefox starts.</summary>
    public static FirefoxPage Start(Uri baseAddress, string room, string displayName)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"The Firefox interop test needs Debian's Firefox ESR at {ExecutablePath} (apt-get install firefox-esr).");
        }

        if (!File.Exists(Path.Combine(RepositoryPaths.NodeScripts, "node_modules", "puppeteer-core", "package.json")))
        {
            throw new InvalidOperationException($"puppeteer-core is not restored in {RepositoryPaths.NodeScripts}; run tests/install-deps.sh (npm ci there).");
        }

        return new FirefoxPage(NodeScript.Start("firefox-page.js", ExecutablePath, baseAddress.ToString(), room, displayName), displayName);
    }

    /// <summary>Waits until Firefox runs and the page shows the meeting view; returns the page's peer id.</summary>
    public async Task<string> WaitUntilJoinedAsync()
    {
        var launched = await _script.WaitForEventAsync("launched", timeout: JoinTimeout);
        if (launched.GetProperty("pid") is { ValueKind: JsonValueKind.Number } pid)
        {
            _firefoxProcessId = pid.GetInt32();
        }

        var joined = await _script.WaitForEventAsync("joined", timeout: JoinTimeout);
        PeerId = joined.GetProperty("peerId").GetString() ?? throw new InvalidOperationException("Firefox's page reported no peer id.");
        return PeerId;
    }

    /// <summary>The page's media connection as <c>window.meeting.mediaStats()</c> reports it.</summary>
    public async Task<MediaSnapshot> MediaAsync()
    {
        await _command.WaitAsync(NodeScript.StepTimeout);
        try
        {
            await _script.SendAsync(new { command = "stats" });
            var reply = await _script.WaitForEventAsync("stats");
            return MediaSnapshot.Parse(reply.GetProperty("stats").GetRawText());
        }
        finally
        {
            _command.Release();
        }
    }

    /// <summary>Polls the media stats until <paramref name="condition"/> holds; returns the snapshot that met it.</summary>
    public Task<MediaSnapshot> WaitForMediaAsync(Func<MediaSnapshot, bool> condition, string what, TimeSpan? timeout = null) =>
        MediaPolling.WaitForAsync(DisplayName, MediaAsync, condition, what, timeout ?? NodeScript.StepTimeout);

    /// <summary>What the driver and the page's console reported on stderr, for failure messages.</summary>
    public string StandardError => _script.StandardError;

    /// <summary>Asks the script to close Firefox (which removes its profile); then ends whatever is left,
    /// the script's process tree and Firefox's, by their ids.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_script.HasExited)
        {
            try
            {
                await _script.SendAsync(new { command = "quit" });
                await _script.WaitForExitAsync(QuitTimeout);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // It is ended below.
            }
        }

        await _script.DisposeAsync();
        KillFirefoxIfLeft();
        _command.Dispose();
    }

    /// <summary>Firefox outlives its driver if the driver died first (it runs in a process group of its own).</summary>
    private void KillFirefoxIfLeft()
    {
        if (_firefoxProcessId is not { } id)
        {
            return;
        }

        try
        {
            using var firefox = Process.GetProcessById(id);
            // The id may have been reused since Firefox exited: end only a Firefox.
            if (!firefox.HasExited && firefox.ProcessName.Contains("firefox", StringComparison.OrdinalIgnoreCase))
            {
                firefox.Kill(entireProcessTree: true);
                firefox.WaitForExit(QuitTimeout);
            }
        }
        catch (ArgumentException)
        {
            // No such process any more.
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }
}
