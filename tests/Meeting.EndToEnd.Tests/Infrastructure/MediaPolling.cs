namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>The one polling loop over a page's <see cref="MediaSnapshot"/>, whichever browser the page runs in.</summary>
internal static class MediaPolling
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Reads <paramref name="read"/> until <paramref name="condition"/> holds; returns the snapshot that met it.
    /// <paramref name="who"/> and <paramref name="what"/> name the page and the awaited state in the timeout's message.</summary>
    public static async Task<MediaSnapshot> WaitForAsync(
        string who, Func<Task<MediaSnapshot>> read, Func<MediaSnapshot, bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        MediaSnapshot? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await read();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"{who}: {what} did not happen within {timeout}; last: {last}.");
    }
}
