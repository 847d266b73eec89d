using Meeting.Testing.Chromium;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>What these tests read of a <see cref="MeetingPage"/>'s media: <c>window.meeting.mediaStats()</c>, polled.</summary>
internal static class MeetingPageMedia
{
    /// <summary>The page's media connection as <c>window.meeting.mediaStats()</c> reports it.</summary>
    public static async Task<MediaSnapshot> MediaAsync(this MeetingPage page) =>
        // As a JSON string: Playwright's own object serialization adds "$id" keys to every object.
        MediaSnapshot.Parse(await page.Page.EvaluateAsync<string>("async () => JSON.stringify(await window.meeting.mediaStats())"));

    /// <summary>Polls the media stats until <paramref name="condition"/> holds; returns the snapshot that met it.</summary>
    public static Task<MediaSnapshot> WaitForMediaAsync(this MeetingPage page, Func<MediaSnapshot, bool> condition, string what, TimeSpan? timeout = null) =>
        MediaPolling.WaitForAsync(page.DisplayName, page.MediaAsync, condition, what, timeout ?? MeetingPage.StepTimeout);

    /// <summary>framesDecoded of <paramref name="peerId"/>'s video, polled until it reaches <paramref name="atLeast"/>.</summary>
    public static async Task<long> WaitForFramesDecodedAsync(this MeetingPage page, string peerId, long atLeast, TimeSpan? timeout = null) =>
        (await page.WaitForMediaAsync(m => m.FramesDecoded(peerId) >= atLeast, $"decoding {atLeast} frames of {peerId}'s video", timeout)).FramesDecoded(peerId);

    /// <summary>
    /// Waits until a counter of <paramref name="peerId"/>'s media (read by <paramref name="counter"/>) stays
    /// the same over <paramref name="quiet"/>: packets still in flight when it stopped may take a moment.
    /// </summary>
    public static async Task WaitForMediaToStopAsync(this MeetingPage page, string peerId, Func<MediaSnapshot, string, long> counter, TimeSpan quiet, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? MeetingPage.StepTimeout);
        var before = counter(await page.MediaAsync(), peerId);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(quiet);
            var after = counter(await page.MediaAsync(), peerId);
            if (after == before)
            {
                return;
            }

            before = after;
        }

        throw new TimeoutException($"{page.DisplayName}: {peerId}'s {what} kept growing (now {before}) for {timeout ?? MeetingPage.StepTimeout}.");
    }
}
