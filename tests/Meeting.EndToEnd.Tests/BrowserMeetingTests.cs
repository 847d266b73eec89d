using Meeting.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Meeting.EndToEnd.Tests;

/// <summary>The browser client served by the server, driven in Chromium with fake camera and microphone.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BrowserMeetingTests
{
    /// <summary>Decoded frames that show video is flowing, not just a first keyframe (the fake camera runs at ~30 fps).</summary>
    private const long FramesGrowth = 30;

    private readonly KestrelMeetingServer _server;
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public BrowserMeetingTests(KestrelMeetingServer server, ChromiumFixture chromium, ITestOutputHelper output)
    {
        _server = server;
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task TwoBrowsers_InOneRoom_SeeEachOtherByName_DecodeEachOthersVideo_AndChat()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique();
        await using var alice = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output);
        await using var bob = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output);

        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        var alicePeerId = await alice.PeerIdAsync();
        var bobPeerId = await bob.PeerIdAsync();
        Assert.NotEqual(alicePeerId, bobPeerId);

        await Expect(alice.RemoteTile(bobPeerId).Locator(".tile-name")).ToHaveTextAsync("Bob");
        await Expect(bob.RemoteTile(alicePeerId).Locator(".tile-name")).ToHaveTextAsync("Alice");
        await Expect(alice.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");

        await AssertVideoFlowsAsync(alice, bobPeerId);
        await AssertVideoFlowsAsync(bob, alicePeerId);

        await alice.SendChatAsync("Hello Bob <b>not bold</b>");
        await AssertChatShownAsync(bob, "Alice", "Hello Bob <b>not bold</b>");
        await AssertChatShownAsync(alice, "Alice", "Hello Bob <b>not bold</b>");
        await bob.SendChatAsync("Hi Alice");
        await AssertChatShownAsync(alice, "Bob", "Hi Alice");
        await AssertChatShownAsync(bob, "Bob", "Hi Alice");
        Assert.Equal(0, await bob.Page.Locator(".chat-log b").CountAsync());

        await alice.Page.Locator("#mic-toggle").ClickAsync();
        await Expect(alice.Page.Locator("#mic-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(alice.Page.Locator("#local-tile")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmic-off\b"));
        await alice.Page.Locator("#camera-toggle").ClickAsync();
        await Expect(alice.Page.Locator("#camera-toggle")).ToHaveTextAsync("Start camera");
        await Expect(alice.Page.Locator("#local-tile")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcamera-off\b"));

        await alice.ScreenshotIfRequestedAsync("alice");
        await bob.ScreenshotIfRequestedAsync("bob");

        await bob.Page.Locator("#leave-button").ClickAsync();
        await Expect(bob.Page.Locator("#join-view")).ToBeVisibleAsync();
        await Expect(alice.RemoteTile(bobPeerId)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Browser_JoiningAFullRoom_ShowsTheRefusal_AndStaysOnTheJoinForm()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("full");
        var occupants = new List<Meeting.Testing.HubProtocolClient>();
        try
        {
            for (var i = 0; i < KestrelMeetingServer.MaxPeersPerRoom; i++)
            {
                var (_, client) = await _server.ConnectNewAsync();
                occupants.Add(client);
                await client.InvokeAsync("Join", room, $"Occupant {i}");
            }

            await using var late = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, room, "Late", _output);
            await late.JoinAsync(room);

            await Expect(late.Page.Locator("#error")).ToBeVisibleAsync();
            await Expect(late.Page.Locator("#error-text")).ToHaveTextAsync("This room is full.");
            await Expect(late.Page.Locator("#join-view")).ToBeVisibleAsync();
            await Expect(late.Page.Locator("#meeting-view")).ToBeHiddenAsync();
            await late.ScreenshotIfRequestedAsync("room-full");
        }
        finally
        {
            foreach (var client in occupants)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Browser_RefusesAnInvalidRoomBeforeCallingTheServer()
    {
        var browser = await _chromium.GetBrowserAsync();
        await using var person = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, "Not A Room!", "Person", _output);
        await Expect(person.Page.Locator("#room-input")).ToHaveValueAsync("not a room!");
        await person.Page.Locator("#name-input").FillAsync("Person");
        await person.Page.Locator("#join-button").ClickAsync();

        await Expect(person.Page.Locator("#join-problem")).ToBeVisibleAsync();
        await Expect(person.Page.Locator("#join-problem")).ToContainTextAsync("Room");
        await Expect(person.Page.Locator("#meeting-view")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Browser_WhoseHubConnectionDrops_RejoinsAsTheSamePeer_AndVideoKeepsFlowing()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("drop");
        await using var alice = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output);
        await using var bob = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output, routeHub: true);
        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        var alicePeerId = await alice.PeerIdAsync();
        var bobPeerId = await bob.PeerIdAsync();
        await AssertVideoFlowsAsync(alice, bobPeerId);

        Assert.Equal(1, bob.HubSocketCount);
        // Alice's tile for Bob must survive the drop: a reconnect, not a leave and a join.
        await alice.RemoteTile(bobPeerId).EvaluateAsync("tile => { tile.dataset.mark = 'before-drop'; }");
        await bob.CutHubConnectionAsync();

        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "reconnected");
        Assert.Equal(bobPeerId, await bob.PeerIdAsync());
        Assert.True(bob.HubSocketCount >= 2, "Bob opened no new hub connection.");
        await Expect(alice.RemoteTile(bobPeerId)).ToHaveAttributeAsync("data-mark", "before-drop");
        await Expect(alice.RemoteTile(bobPeerId).Locator(".tile-name")).ToHaveTextAsync("Bob");
        await Expect(bob.RemoteTile(alicePeerId).Locator(".tile-name")).ToHaveTextAsync("Alice");

        await AssertVideoFlowsAsync(alice, bobPeerId);
        await AssertVideoFlowsAsync(bob, alicePeerId);
        await bob.SendChatAsync("back again");
        await AssertChatShownAsync(alice, "Bob", "back again");
    }

    [Fact]
    public async Task Browser_AwayLongerThanTheGrace_ComesBackAsANewJoin_AndVideoFlowsAgainBothWays()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("away");
        await using var alice = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output);
        await using var bob = await BrowserParticipant.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output, routeHub: true);
        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        var alicePeerId = await alice.PeerIdAsync();
        var bobPeerId = await bob.PeerIdAsync();
        await AssertVideoFlowsAsync(bob, alicePeerId);

        bob.HubBlocked = true;
        await bob.CutHubConnectionAsync();
        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "reconnecting");

        // The server keeps Bob's place for its 15 s grace, then tells Alice he left; she drops his link.
        await Expect(alice.RemoteTile(bobPeerId)).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 25_000 });
        bob.HubBlocked = false;

        // Bob's retries reach the server again (they are 5 s apart by now); he joins anew, and both sides
        // build a fresh peer connection.
        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "reconnected", new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
        Assert.Equal(bobPeerId, await bob.PeerIdAsync());
        await Expect(alice.RemoteTile(bobPeerId).Locator(".tile-name")).ToHaveTextAsync("Bob");
        await AssertVideoFlowsAsync(alice, bobPeerId);
        await AssertVideoFlowsAsync(bob, alicePeerId);
    }

    private static async Task AssertVideoFlowsAsync(BrowserParticipant viewer, string senderPeerId)
    {
        var first = await viewer.WaitForFramesDecodedAsync(senderPeerId, 1);
        await viewer.WaitForFramesDecodedAsync(senderPeerId, first + FramesGrowth);
    }

    private static async Task AssertChatShownAsync(BrowserParticipant viewer, string sender, string text)
    {
        var message = viewer.ChatMessages.Filter(new LocatorFilterOptions { HasText = text }).Last;
        await Expect(message.Locator(".chat-sender")).ToHaveTextAsync(sender);
        await Expect(message.Locator(".chat-text")).ToHaveTextAsync(text);
        await Expect(message.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d{1,2}:\d{2}"));
    }
}
