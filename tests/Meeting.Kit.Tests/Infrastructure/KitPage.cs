using System.Text.Json;
using Meeting.Testing.Chromium;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// The kit's use of the shared page driver (<see cref="MeetingPage"/>): a page behind the kit's front door with
/// <see cref="FailoverRecorderScript"/> added, and what the kit's browser tests read through that recorder.
/// </summary>
internal static class KitPage
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Opens <c>/?room=</c><paramref name="room"/> at <paramref name="baseAddress"/> in a fresh browser context, with the recorder.</summary>
    public static Task<MeetingPage> OpenAsync(Microsoft.Playwright.IBrowser browser, Uri baseAddress, string room, string displayName, Action<string> log)
        => MeetingPage.OpenAsync(browser, baseAddress, room, displayName, log, new MeetingPageOptions
        {
            ViewportWidth = 960,
            ViewportHeight = 540,
            InitScript = FailoverRecorderScript.Source,
        });

    /// <summary>One read of the page's media (<c>window.meeting.mediaStats()</c>, as <see cref="FailoverRecorderScript"/> samples it).</summary>
    public static async Task<PageRecording.MediaSample> MediaAsync(this MeetingPage page)
    {
        using var json = JsonDocument.Parse(await page.Page.EvaluateAsync<string>("async () => JSON.stringify(await window.__kitRecorder.read())"));
        return PageRecording.MediaSample.Parse(json.RootElement);
    }

    /// <summary>Polls <see cref="MediaAsync"/> until its selected candidate pair's remote end is <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static async Task<PageRecording.MediaSample> WaitForRemoteCandidateAsync(this MeetingPage page, string address, int port, TimeSpan? timeout = null)
    {
        var bound = timeout ?? MeetingPage.StepTimeout;
        var deadline = DateTime.UtcNow + bound;
        var media = await page.MediaAsync();
        while (media.RemoteAddress != address || media.RemotePort != port)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{page.DisplayName}'s media candidate pair is {media.RemoteAddress}:{media.RemotePort} (transport {media.TransportId}), not {address}:{port}, after {bound}.");
            }

            await Task.Delay(PollInterval);
            media = await page.MediaAsync();
        }

        return media;
    }

    /// <summary>framesDecoded of <paramref name="peerId"/>'s video, as the client's <c>window.meeting.stats()</c> reports it.</summary>
    public static async Task<long> FramesDecodedAsync(this MeetingPage page, string peerId)
    {
        var stats = await page.Page.EvaluateAsync<JsonElement>("() => window.meeting.stats()");
        return stats.TryGetProperty(peerId, out var value) ? value.GetInt64() : 0;
    }

    /// <summary>Polls <see cref="FramesDecodedAsync"/> until it reaches <paramref name="atLeast"/>.</summary>
    public static async Task<long> WaitForFramesDecodedAsync(this MeetingPage page, string peerId, long atLeast, TimeSpan? timeout = null)
    {
        var bound = timeout ?? MeetingPage.StepTimeout;
        var deadline = DateTime.UtcNow + bound;
        long frames = 0;
        while (DateTime.UtcNow < deadline)
        {
            frames = await page.FramesDecodedAsync(peerId);
            if (frames >= atLeast)
            {
                return frames;
            }

            await Task.Delay(PollInterval);
        }

        var peers = await page.Page.EvaluateAsync<JsonElement>("() => window.meeting.peers()");
        throw new TimeoutException($"{page.DisplayName} decoded {frames} frames of {peerId}'s video, not {atLeast}, within {bound}; its peers: {peers}.");
    }

    public static Task StartRecordingAsync(this MeetingPage page, TimeSpan interval)
        => page.Page.EvaluateAsync("ms => window.__kitRecorder.start(ms)", (int)interval.TotalMilliseconds);

    /// <summary>What the recorder has so far; it goes on recording.</summary>
    public static Task<PageRecording> PeekRecordingAsync(this MeetingPage page)
        => page.ExportAsync("() => JSON.stringify(window.__kitRecorder.export())");

    public static Task<PageRecording> StopRecordingAsync(this MeetingPage page)
        => page.ExportAsync("() => { window.__kitRecorder.stop(); return JSON.stringify(window.__kitRecorder.export()); }");

    /// <summary>The recorder's export as a JSON string, parsed here: Playwright's own serialization of a result
    /// marks repeated objects with <c>$id</c> references, which plain JSON does not need.</summary>
    private static async Task<PageRecording> ExportAsync(this MeetingPage page, string script)
    {
        using var json = JsonDocument.Parse(await page.Page.EvaluateAsync<string>(script));
        return PageRecording.Parse(json.RootElement);
    }
}
