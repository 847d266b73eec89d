using Meeting.EndToEnd.Tests.Infrastructure;
using Meeting.Testing.Chromium;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Meeting.EndToEnd.Tests;

/// <summary>The browser client catching up, through <c>Replay</c>, on what its room said while its hub connection was gone.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BrowserReplayTests
{
    private readonly KestrelMeetingServer _server;
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public BrowserReplayTests(KestrelMeetingServer server, ChromiumFixture chromium, ITestOutputHelper output)
    {
        _server = server;
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Browser_BackFromADroppedConnection_ShowsTheChatItMissed_OnceAndInOrder_AndDropsWhoLeft()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("replay");
        await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
        await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine, new MeetingPageOptions { RouteHub = true });
        await using var carol = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Carol", _output.WriteLine);
        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        await carol.JoinAndEnterAsync(room);
        var carolPeerId = await carol.PeerIdAsync();
        await Expect(bob.RemoteTile(carolPeerId)).ToHaveCountAsync(1);
        await alice.SendChatAsync("before the drop");
        await Expect(bob.ChatMessages).ToHaveCountAsync(1);

        bob.HubBlocked = true;
        await bob.CutHubConnectionAsync();
        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "reconnecting");
        await alice.SendChatAsync("said while you were away");
        await carol.SendChatAsync("me too, then I left");
        await carol.Page.Locator("#leave-button").ClickAsync();
        await Expect(alice.RemoteTile(carolPeerId)).ToHaveCountAsync(0);
        await Expect(bob.ChatMessages).ToHaveCountAsync(1);

        bob.HubBlocked = false;
        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "reconnected", new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
        await Expect(bob.ChatMessages.Locator(".chat-text")).ToHaveTextAsync(["before the drop", "said while you were away", "me too, then I left"]);
        await Expect(bob.RemoteTile(carolPeerId)).ToHaveCountAsync(0);

        // Caught up: Bob's newest event id (his own PeerReconnected, replayed) is the one Alice got live,
        // and live chat still shows once.
        var bobLast = await bob.Page.EvaluateAsync<string>("() => window.meeting.lastEventId");
        await alice.Page.WaitForFunctionAsync("id => window.meeting.lastEventId === id", bobLast);
        await alice.SendChatAsync("welcome back");
        await Expect(bob.ChatMessages.Locator(".chat-text")).ToHaveTextAsync(["before the drop", "said while you were away", "me too, then I left", "welcome back"]);
    }
}
