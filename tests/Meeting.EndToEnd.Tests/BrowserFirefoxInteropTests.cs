using Meeting.EndToEnd.Tests.Infrastructure;
using Meeting.Testing.Chromium;
using Xunit.Abstractions;

namespace Meeting.EndToEnd.Tests;

/// <summary>
/// A second browser engine against the same server and the same page: Debian's Firefox ESR (its own
/// WebRTC stack, its own DTLS client and ICE gathering, its own SDP answer shape) in one
/// room with two Chromium pages, all media through the server's SFU.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BrowserFirefoxInteropTests
{
    /// <summary>Decoded frames that show video is flowing, not just a first keyframe (both fake cameras run at ≥ 10 fps).</summary>
    private const long FramesGrowth = 30;

    /// <summary>Enough for a first keyframe and for the growth after it, however the two engines' encoders ramp up.</summary>
    private static readonly TimeSpan VideoTimeout = TimeSpan.FromSeconds(30);

    private readonly KestrelMeetingServer _server;
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public BrowserFirefoxInteropTests(KestrelMeetingServer server, ChromiumFixture chromium, ITestOutputHelper output)
    {
        _server = server;
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task FirefoxAndTwoChromiums_InOneRoom_EachDecodesTheOtherTwo_ThroughTheServersAddress()
    {
        var room = TestRooms.Unique("firefox");
        // Firefox starts first: its launch is the slowest step, and the Chromium pages open meanwhile.
        await using var carol = FirefoxPage.Start(_server.BaseAddress, room, "Carol");
        try
        {
            var browser = await _chromium.GetBrowserAsync();
            await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
            await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine);
            await alice.JoinAndEnterAsync(room);
            await bob.JoinAndEnterAsync(room);

            Viewer[] everyone =
            [
                new("Alice (Chromium)", await alice.PeerIdAsync(), alice.WaitForMediaAsync),
                new("Bob (Chromium)", await bob.PeerIdAsync(), bob.WaitForMediaAsync),
                new("Carol (Firefox)", await carol.WaitUntilJoinedAsync(), carol.WaitForMediaAsync),
            ];
            Assert.Equal(3, everyone.Select(v => v.PeerId).Distinct().Count());

            foreach (var viewer in everyone)
            {
                // The server's ICE-lite transport is the only remote end there is: media comes from its address.
                // Firefox reports its pair as succeeded while DTLS is still under way: wait for both.
                var media = await viewer.WaitForMedia(
                    m => m.SelectedPair?.RemoteAddress is not null && m.ConnectionState == "connected",
                    "connecting through a selected candidate pair",
                    VideoTimeout);
                Assert.Equal(KestrelMeetingServer.MediaPublicIp, media.SelectedPair!.RemoteAddress);
                _output.WriteLine($"{viewer.Name}: {media}");
            }

            foreach (var viewer in everyone)
            {
                foreach (var sender in everyone.Where(v => v != viewer))
                {
                    var first = (await viewer.WaitForMedia(m => m.FramesDecoded(sender.PeerId) >= 1, $"decoding {sender.Name}'s video", VideoTimeout)).FramesDecoded(sender.PeerId);
                    var later = (await viewer.WaitForMedia(m => m.FramesDecoded(sender.PeerId) >= first + FramesGrowth, $"decoding {FramesGrowth} more frames of {sender.Name}'s video", VideoTimeout)).FramesDecoded(sender.PeerId);
                    _output.WriteLine($"{viewer.Name} decoded {sender.Name}: {first} → {later} frames");
                }
            }
        }
        catch
        {
            _output.WriteLine($"Firefox driver's stderr:\n{carol.StandardError}");
            throw;
        }
    }

    /// <summary>A page of either engine, as this test reads it.</summary>
    private sealed record Viewer(string Name, string PeerId, Func<Func<MediaSnapshot, bool>, string, TimeSpan?, Task<MediaSnapshot>> WaitForMedia);
}
