using Meeting.EndToEnd.Tests.Infrastructure;
using Meeting.Testing.Chromium;
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

    /// <summary>What each publisher's bandwidth estimate must exceed: more than the sender starts with.</summary>
    private const double MinimumEstimatedBitrate = 1_000_000;

    /// <summary>Chromium's starting estimate: it stays there exactly when no congestion feedback arrives.</summary>
    private const double ChromiumStartBitrate = 300_000;

    private static readonly TimeSpan BitrateRampTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a muted kind must stay without a new packet to count as stopped.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    private static readonly System.Text.RegularExpressions.Regex CameraOff = new(@"\bcamera-off\b");
    private static readonly System.Text.RegularExpressions.Regex MicOff = new(@"\bmic-off\b");

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
    public async Task ThreeBrowsers_InOneRoom_EachDecodesTheOtherTwo_ThroughTheServersAddress_AndChat()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("sfu");
        await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
        await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine);
        await using var carol = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Carol", _output.WriteLine);
        MeetingPage[] everyone = [alice, bob, carol];

        foreach (var person in everyone)
        {
            await person.JoinAndEnterAsync(room);
        }

        var ids = new Dictionary<MeetingPage, string>();
        foreach (var person in everyone)
        {
            ids[person] = await person.PeerIdAsync();
        }

        Assert.Equal(3, ids.Values.Distinct().Count());
        foreach (var viewer in everyone)
        {
            await Expect(viewer.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            await Expect(viewer.Page.Locator(".tile.remote")).ToHaveCountAsync(2);
            foreach (var other in everyone.Where(p => p != viewer))
            {
                await Expect(viewer.RemoteTile(ids[other]).Locator(".tile-name")).ToHaveTextAsync(other.DisplayName);
            }
        }

        foreach (var viewer in everyone)
        {
            // The server's ICE-lite transport is the only remote end there is: media comes from its address.
            var media = await viewer.WaitForMediaAsync(m => m.SelectedPair?.RemoteAddress is not null, "selecting a candidate pair");
            Assert.Equal(KestrelMeetingServer.MediaPublicIp, media.SelectedPair!.RemoteAddress);
            Assert.Equal("connected", media.ConnectionState);
        }

        foreach (var viewer in everyone)
        {
            foreach (var other in everyone.Where(p => p != viewer))
            {
                await AssertVideoFlowsAsync(viewer, ids[other]);
            }
        }

        foreach (var publisher in everyone)
        {
            // The sender's bandwidth estimate only leaves Chromium's 300 kbit/s start if the server feeds
            // back what it received (transport-wide congestion control). Reaching the 1 Mbit/s target
            // depends on Chromium's first probe succeeding, which a loaded 2-core machine does not always
            // let it: that target is checked by the measurement run (MEETING_E2E_BITRATE_TARGET=1, README).
            var minimum = Environment.GetEnvironmentVariable("MEETING_E2E_BITRATE_TARGET") == "1" ? MinimumEstimatedBitrate : ChromiumStartBitrate;
            var media = await publisher.WaitForMediaAsync(
                m => m.SelectedPair?.AvailableOutgoingBitrate > minimum,
                $"an outgoing bitrate estimate above {minimum} b/s",
                BitrateRampTimeout);
            _output.WriteLine($"{publisher.DisplayName}: availableOutgoingBitrate {media.SelectedPair!.AvailableOutgoingBitrate:0} b/s");
        }

        await alice.SendChatAsync("Hello all <b>not bold</b>");
        foreach (var viewer in everyone)
        {
            await AssertChatShownAsync(viewer, "Alice", "Hello all <b>not bold</b>");
        }

        await carol.SendChatAsync("Hi Alice");
        await AssertChatShownAsync(alice, "Carol", "Hi Alice");
        Assert.Equal(0, await bob.Page.Locator(".chat-log b").CountAsync());

        await alice.ScreenshotIfRequestedAsync("alice");
        await bob.ScreenshotIfRequestedAsync("bob");
    }

    [Fact]
    public async Task Browser_MutingItsCamera_StopsThatVideoAtTheOthers_AndShowsTheMarker_UntilUnmuted()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("mute");
        await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
        await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine);
        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        var alicePeerId = await alice.PeerIdAsync();
        await AssertVideoFlowsAsync(bob, alicePeerId);
        await Expect(bob.RemoteTile(alicePeerId)).Not.ToHaveClassAsync(CameraOff);

        await alice.Page.Locator("#camera-toggle").ClickAsync();
        await Expect(alice.Page.Locator("#camera-toggle")).ToHaveTextAsync("Start camera");
        await Expect(alice.Page.Locator("#local-tile")).ToHaveClassAsync(CameraOff);
        await Expect(bob.RemoteTile(alicePeerId)).ToHaveClassAsync(CameraOff);
        await bob.WaitForMediaToStopAsync(alicePeerId, (m, peer) => m.VideoPackets(peer), QuietPeriod, "video packets");

        await alice.Page.Locator("#camera-toggle").ClickAsync();
        await Expect(bob.RemoteTile(alicePeerId)).Not.ToHaveClassAsync(CameraOff);
        await AssertVideoFlowsAsync(bob, alicePeerId);

        await alice.Page.Locator("#mic-toggle").ClickAsync();
        await Expect(alice.Page.Locator("#mic-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(alice.Page.Locator("#local-tile")).ToHaveClassAsync(MicOff);
        await Expect(bob.RemoteTile(alicePeerId)).ToHaveClassAsync(MicOff);
        await bob.WaitForMediaToStopAsync(alicePeerId, (m, peer) => m.AudioPackets(peer), QuietPeriod, "audio packets");

        await alice.Page.Locator("#mic-toggle").ClickAsync();
        await Expect(bob.RemoteTile(alicePeerId)).Not.ToHaveClassAsync(MicOff);
        var audio = (await bob.MediaAsync()).AudioPackets(alicePeerId);
        await bob.WaitForMediaAsync(m => m.AudioPackets(alicePeerId) > audio + 25, "Alice's audio flowing again"); // 50 packets/s
    }

    [Fact]
    public async Task Browser_ThatLeaves_DisappearsFromTheOthersTiles_AndItsMediaStops()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("leave");
        await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
        await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine);
        await using var carol = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Carol", _output.WriteLine);
        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        await carol.JoinAndEnterAsync(room);
        var bobPeerId = await bob.PeerIdAsync();
        var carolPeerId = await carol.PeerIdAsync();
        await AssertVideoFlowsAsync(alice, carolPeerId);
        await AssertVideoFlowsAsync(bob, carolPeerId);

        await carol.Page.Locator("#leave-button").ClickAsync();
        await Expect(carol.Page.Locator("#join-view")).ToBeVisibleAsync();
        Assert.Null((await carol.MediaAsync()).TransportId);

        foreach (var viewer in new[] { alice, bob })
        {
            await Expect(viewer.RemoteTile(carolPeerId)).ToHaveCountAsync(0);
            // The server renegotiates Carol's m-lines away (inactive): nothing of hers is received any more.
            await viewer.WaitForMediaAsync(m => !m.Peers.ContainsKey(carolPeerId), "Carol's media going away");
        }

        await AssertVideoFlowsAsync(alice, bobPeerId);
        await AssertVideoFlowsAsync(bob, await alice.PeerIdAsync());
    }

    [Fact]
    public async Task Browser_JoiningAFullRoom_ShowsTheRefusal_AndStaysOnTheJoinForm()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("full");
        var occupants = new List<Meeting.Testing.Hub.MeetingHubClient>();
        try
        {
            for (var i = 0; i < KestrelMeetingServer.MaxPeersPerRoom; i++)
            {
                var (_, client) = await _server.ConnectNewAsync();
                occupants.Add(client);
                await client.JoinAsync(room, $"Occupant {i}");
            }

            await using var late = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Late", _output.WriteLine);
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
        await using var person = await MeetingPage.OpenAsync(browser, _server.BaseAddress, "Not A Room!", "Person", _output.WriteLine);
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
        await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
        await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine, new MeetingPageOptions { RouteHub = true });
        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        var alicePeerId = await alice.PeerIdAsync();
        var bobPeerId = await bob.PeerIdAsync();
        await AssertVideoFlowsAsync(alice, bobPeerId);

        Assert.Equal(1, bob.HubSocketCount);
        var transportBefore = (await bob.MediaAsync()).TransportId;
        Assert.NotNull(transportBefore);
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
        // Media never depended on the hub connection: the same transport at the same home carries it.
        Assert.Equal(transportBefore, (await bob.MediaAsync()).TransportId);
        await bob.SendChatAsync("back again");
        await AssertChatShownAsync(alice, "Bob", "back again");
    }

    [Fact]
    public async Task Browser_AwayLongerThanTheGrace_ComesBackAsANewJoin_AndVideoFlowsAgainBothWays()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("away");
        await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
        await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine, new MeetingPageOptions { RouteHub = true });
        await alice.JoinAndEnterAsync(room);
        await bob.JoinAndEnterAsync(room);
        var alicePeerId = await alice.PeerIdAsync();
        var bobPeerId = await bob.PeerIdAsync();
        await AssertVideoFlowsAsync(bob, alicePeerId);
        var transportBefore = (await bob.MediaAsync()).TransportId;

        bob.HubBlocked = true;
        await bob.CutHubConnectionAsync();
        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "reconnecting");

        // The server keeps Bob's place for its 15 s grace, then tells Alice he left; she drops his link.
        await Expect(alice.RemoteTile(bobPeerId)).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 25_000 });
        bob.HubBlocked = false;

        // Bob's retries reach the server again (they are 5 s apart by now); he joins anew, and as the server
        // dropped his transport with him, his media comes back through a new one (MediaJoin, no reload).
        await Expect(bob.Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "reconnected", new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
        Assert.Equal(bobPeerId, await bob.PeerIdAsync());
        await Expect(alice.RemoteTile(bobPeerId).Locator(".tile-name")).ToHaveTextAsync("Bob");
        await AssertVideoFlowsAsync(alice, bobPeerId);
        await AssertVideoFlowsAsync(bob, alicePeerId);
        Assert.NotEqual(transportBefore, (await bob.MediaAsync()).TransportId);
    }

    private static async Task AssertVideoFlowsAsync(MeetingPage viewer, string senderPeerId)
    {
        var first = await viewer.WaitForFramesDecodedAsync(senderPeerId, 1);
        await viewer.WaitForFramesDecodedAsync(senderPeerId, first + FramesGrowth);
    }

    private static async Task AssertChatShownAsync(MeetingPage viewer, string sender, string text)
    {
        var message = viewer.ChatMessages.Filter(new LocatorFilterOptions { HasText = text }).Last;
        await Expect(message.Locator(".chat-sender")).ToHaveTextAsync(sender);
        await Expect(message.Locator(".chat-text")).ToHaveTextAsync(text);
        await Expect(message.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d{1,2}:\d{2}"));
    }
}
