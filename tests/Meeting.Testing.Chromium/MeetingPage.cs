using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meeting.Testing.Chromium;

/// <summary>
/// The one Playwright driver of the meeting page, for the end-to-end and the kit's browser tests: one person
/// at the page, with a browser context of its own (so its own cookie and session), one page, and the steps
/// a person takes, each bounded by <see cref="StepTimeout"/>. Reads state through the page's DOM and its
/// read-only <c>window.meeting</c> hook; what a suite reads beyond that (media stats, the kit's recorder)
/// lives with the suite, on <see cref="Page"/>.
/// </summary>
public sealed class MeetingPage : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private static readonly float StepTimeoutMs = (float)StepTimeout.TotalMilliseconds;

    private readonly IBrowserContext _context;
    private readonly Action<string> _log;
    private readonly List<IWebSocketRoute> _hubSockets = []; // with RouteHub; the latest is last
    private bool _hubBlocked;
    private int _mainFrameNavigations;

    private MeetingPage(IBrowserContext context, IPage page, string displayName, Action<string> log)
    {
        _context = context;
        Page = page;
        DisplayName = displayName;
        _log = log;
    }

    public IPage Page { get; }

    public string DisplayName { get; }

    /// <summary>How often the page's main frame navigated (1 after opening; a reload makes it 2).</summary>
    public int MainFrameNavigations => Volatile.Read(ref _mainFrameNavigations);

    public ILocator ConnectionState => Page.Locator("#connection-state");

    public ILocator ChatMessages => Page.Locator(".chat-log .chat-message");

    /// <summary>With <see cref="MeetingPageOptions.RouteHub"/>: while true, the page cannot reach the hub.</summary>
    public bool HubBlocked
    {
        get => Volatile.Read(ref _hubBlocked);
        set => Volatile.Write(ref _hubBlocked, value);
    }

    /// <summary>How many hub WebSockets the page opened (needs <see cref="MeetingPageOptions.RouteHub"/>).</summary>
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

    /// <summary>Opens <c>/?room=</c><paramref name="room"/> at <paramref name="baseAddress"/> in a fresh browser context;
    /// the page's console errors and warnings go to <paramref name="log"/> (a test's output).</summary>
    public static async Task<MeetingPage> OpenAsync(
        IBrowser browser, Uri baseAddress, string room, string displayName, Action<string> log, MeetingPageOptions? options = null)
    {
        options ??= new MeetingPageOptions();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = options.ViewportWidth, Height = options.ViewportHeight },
        });
        try
        {
            context.SetDefaultTimeout(StepTimeoutMs);
            if (options.InitScript is { } script)
            {
                await context.AddInitScriptAsync(script);
            }

            var page = await context.NewPageAsync();
            var meeting = new MeetingPage(context, page, displayName, log);
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    meeting.Log($"console.{message.Type}: {message.Text}");
                }
            };
            page.PageError += (_, error) => meeting.Log($"page error: {error}");
            page.FrameNavigated += (_, frame) =>
            {
                if (frame == page.MainFrame)
                {
                    Interlocked.Increment(ref meeting._mainFrameNavigations);
                }
            };

            if (options.RouteHub)
            {
                await meeting.RouteHubAsync();
            }

            await page.GotoAsync("/?room=" + Uri.EscapeDataString(room));
            return meeting;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Fills in the name and presses Join; the room comes from the address.</summary>
    public async Task JoinAsync(string expectedRoom)
    {
        await Expect(Page.Locator("#room-input")).ToHaveValueAsync(expectedRoom);
        await Page.Locator("#name-input").FillAsync(DisplayName);
        await Page.Locator("#join-button").ClickAsync();
    }

    /// <summary>Joins and waits until the meeting view shows the room, and with <paramref name="connected"/> until it says it is connected.</summary>
    public async Task JoinAndEnterAsync(string room, bool connected = false)
    {
        await JoinAsync(room);
        await Expect(Page.Locator("#meeting-view")).ToBeVisibleAsync(new() { Timeout = StepTimeoutMs });
        await Expect(Page.Locator("#room-label")).ToHaveTextAsync(room);
        if (connected)
        {
            await Expect(ConnectionState).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = StepTimeoutMs });
        }
    }

    /// <summary>Closes the page's current hub WebSocket, as a network drop does (needs <see cref="MeetingPageOptions.RouteHub"/>).</summary>
    public async Task CutHubConnectionAsync()
    {
        IWebSocketRoute socket;
        lock (_hubSockets)
        {
            socket = _hubSockets.Count > 0 ? _hubSockets[^1] : throw new InvalidOperationException("No routed hub WebSocket; open with RouteHub.");
        }

        await socket.CloseAsync(new WebSocketRouteCloseOptions { Code = 4000, Reason = "test cut the connection" });
    }

    public Task<string> PeerIdAsync() => Page.EvaluateAsync<string>("() => window.meeting.peerId");

    public Task<string> StateAsync() => Page.EvaluateAsync<string>("() => window.meeting.state");

    public ILocator RemoteTile(string peerId) => Page.Locator($".tile.remote[data-peer-id=\"{peerId}\"]");

    public async Task SendChatAsync(string text)
    {
        await Page.Locator(".chat-input").FillAsync(text);
        await Page.Locator(".chat-input").PressAsync("Enter");
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

    /// <summary>Writes to the test's output; a line after the test finished is dropped.</summary>
    public void Log(string line)
    {
        try
        {
            _log($"[{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {DisplayName}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; its output is closed.
        }
    }

    private Task RouteHubAsync() =>
        // The client opens the hub's WebSocket directly (no negotiate request), so blocking the hub
        // means refusing the socket itself: closed at once, never connected to the server.
        Page.RouteWebSocketAsync("**/hubs/meeting**", route =>
        {
            if (HubBlocked)
            {
                // Playwright's handler is synchronous; the close completes on its own, and a failure is logged.
                route.CloseAsync(new WebSocketRouteCloseOptions { Code = 4001, Reason = "test blocked the hub" })
                    .ContinueWith(t => Log($"closing a blocked hub socket failed: {t.Exception}"), TaskContinuationOptions.OnlyOnFaulted);
                return;
            }

            route.ConnectToServer();
            lock (_hubSockets)
            {
                _hubSockets.Add(route);
            }
        });
}
