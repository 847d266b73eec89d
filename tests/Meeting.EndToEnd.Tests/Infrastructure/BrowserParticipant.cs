using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One person at the meeting page: a browser context of its own (so its own cookies and session),
/// one page, and the steps a person takes, each bounded by a timeout. Reads state through the page's
/// DOM and its read-only <c>window.meeting</c> hook.
/// </summary>
public sealed class BrowserParticipant : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;
    private readonly List<IWebSocketRoute> _hubSockets = []; // with routeHub; the latest is last
    private bool _hubBlocked;

    private BrowserParticipant(IBrowserContext context, IPage page, string displayName, ITestOutputHelper output)
    {
        _context = context;
        Page = page;
        DisplayName = displayName;
        _output = output;
    }

    public IPage Page { get; }

    public string DisplayName { get; }

    /// <summary>With <c>routeHub</c>: while true, the page cannot reach the hub. Every SignalR connection
    /// starts with a negotiation, and that request fails.</summary>
    public bool HubBlocked
    {
        get => Volatile.Read(ref _hubBlocked);
        set => Volatile.Write(ref _hubBlocked, value);
    }

    /// <summary>Opens <c>/?room=</c><paramref name="room"/> in a fresh browser context.</summary>
    /// <param name="routeHub">Pass the hub's traffic through Playwright so a test can cut and block it.</param>
    public static async Task<BrowserParticipant> OpenAsync(
        IBrowser browser, Uri baseAddress, string room, string displayName, ITestOutputHelper output, bool routeHub = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
        });
        context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var participant = new BrowserParticipant(context, page, displayName, output);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                participant.Log($"console.{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => participant.Log($"page error: {error}");

        if (routeHub)
        {
            // The client opens the hub's WebSocket directly (no negotiate request), so blocking the hub
            // means refusing the socket itself: closed at once, never connected to the server.
            await page.RouteWebSocketAsync("**/hubs/meeting**", route =>
            {
                if (participant.HubBlocked)
                {
                    // Playwright's handler is synchronous; the close completes on its own, and a failure is logged.
                    route.CloseAsync(new WebSocketRouteCloseOptions { Code = 4001, Reason = "test blocked the hub" })
                        .ContinueWith(t => participant.Log($"closing a blocked hub socket failed: {t.Exception}"), TaskContinuationOptions.OnlyOnFaulted);
                    return;
                }

                route.ConnectToServer();
                lock (participant._hubSockets)
                {
                    participant._hubSockets.Add(route);
                }
            });
        }

        await page.GotoAsync("/?room=" + Uri.EscapeDataString(room));
        return participant;
    }

    /// <summary>Fills in the name and presses Join; the room comes from the address.</summary>
    public async Task JoinAsync(string expectedRoom)
    {
        await Expect(Page.Locator("#room-input")).ToHaveValueAsync(expectedRoom);
        await Page.Locator("#name-input").FillAsync(DisplayName);
        await Page.Locator("#join-button").ClickAsync();
    }

    /// <summary>Joins and waits until the meeting view is shown.</summary>
    public async Task JoinAndEnterAsync(string room)
    {
        await JoinAsync(room);
        await Expect(Page.Locator("#meeting-view")).ToBeVisibleAsync();
        await Expect(Page.Locator("#room-label")).ToHaveTextAsync(room);
    }

    /// <summary>Closes the page's current hub WebSocket, as a network drop does (needs <c>routeHub</c>).</summary>
    public async Task CutHubConnectionAsync()
    {
        IWebSocketRoute socket;
        lock (_hubSockets)
        {
            socket = _hubSockets.Count > 0 ? _hubSockets[^1] : throw new InvalidOperationException("No routed hub WebSocket; open with routeHub: true.");
        }

        await socket.CloseAsync(new WebSocketRouteCloseOptions { Code = 4000, Reason = "test cut the connection" });
    }

    /// <summary>How many hub WebSockets the page opened (needs <c>routeHub</c>).</summary>
    public int HubSocketCount
    {
        get
        {
            lock (_hubSockets)
            {
                return _hubSockets.Count;
            }
        }
    }

    public Task<string> PeerIdAsync() => Page.EvaluateAsync<string>("() => window.meeting.peerId");

    public Task<string> StateAsync() => Page.EvaluateAsync<string>("() => window.meeting.state");

    public ILocator RemoteTile(string peerId) => Page.Locator($".tile.remote[data-peer-id=\"{peerId}\"]");

    public ILocator ChatMessages => Page.Locator(".chat-log .chat-message");

    public async Task SendChatAsync(string text)
    {
        await Page.Locator(".chat-input").FillAsync(text);
        await Page.Locator(".chat-input").PressAsync("Enter");
    }

    /// <summary>The page's media connection as <c>window.meeting.mediaStats()</c> reports it.</summary>
    public async Task<MediaSnapshot> MediaAsync() =>
        // As a JSON string: Playwright's own object serialization adds "$id" keys to every object.
        MediaSnapshot.Parse(await Page.EvaluateAsync<string>("async () => JSON.stringify(await window.meeting.mediaStats())"));

    /// <summary>Polls the media stats until <paramref name="condition"/> holds; returns the snapshot that met it.</summary>
    public async Task<MediaSnapshot> WaitForMediaAsync(Func<MediaSnapshot, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? StepTimeout);
        MediaSnapshot? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await MediaAsync();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"{DisplayName}: {what} did not happen within {timeout ?? StepTimeout}; last: {last}.");
    }

    /// <summary>framesDecoded of <paramref name="peerId"/>'s video, polled until it reaches <paramref name="atLeast"/>.</summary>
    public async Task<long> WaitForFramesDecodedAsync(string peerId, long atLeast, TimeSpan? timeout = null) =>
        (await WaitForMediaAsync(m => m.FramesDecoded(peerId) >= atLeast, $"decoding {atLeast} frames of {peerId}'s video", timeout)).FramesDecoded(peerId);

    /// <summary>
    /// Waits until a counter of <paramref name="peerId"/>'s media (read by <paramref name="counter"/>) stays
    /// the same over <paramref name="quiet"/>: packets still in flight when it stopped may take a moment.
    /// </summary>
    public async Task WaitForMediaToStopAsync(string peerId, Func<MediaSnapshot, string, long> counter, TimeSpan quiet, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? StepTimeout);
        var before = counter(await MediaAsync(), peerId);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(quiet);
            var after = counter(await MediaAsync(), peerId);
            if (after == before)
            {
                return;
            }

            before = after;
        }

        throw new TimeoutException($"{DisplayName}: {peerId}'s {what} kept growing (now {before}) for {timeout ?? StepTimeout}.");
    }

    /// <summary>Saves a screenshot when <c>MEETING_E2E_SCREENSHOT_DIR</c> names a folder (for looking at the layout).</summary>
    public async Task ScreenshotIfRequestedAsync(string name)
    {
        var folder = Environment.GetEnvironmentVariable("MEETING_E2E_SCREENSHOT_DIR");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _context.CloseAsync().WaitAsync(StepTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            Log($"closing the browser context failed: {ex.Message}");
        }
    }

    private void Log(string line)
    {
        try
        {
            _output.WriteLine($"[{DisplayName}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; its output is closed.
        }
    }
}
