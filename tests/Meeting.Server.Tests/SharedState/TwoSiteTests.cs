using System.Net;
using System.Net.Http.Json;

namespace Meeting.Server.Tests.SharedState;

[Collection(SharedStateCollection.Name)]
public sealed class TwoSiteTests
{
    private readonly SharedStateServers _sites;

    public TwoSiteTests(SharedStateServers sites) => _sites = sites;

    [Fact]
    public async Task Session_IssuedAtOneSite_IsAcceptedAtTheOtherWithTheSamePeerId()
    {
        var session = await _sites.Gra.CreateSessionAsync();

        await using var atSbg = await _sites.Sbg.ConnectAsync(session.Token);
        var join = await atSbg.InvokeAsync("Join", TestRooms.Unique(), "Alice");

        Assert.Equal(session.PeerId, join.GetProperty("peerId").GetString());
        Assert.Equal("sbg", join.GetProperty("site").GetString());
    }

    [Fact]
    public async Task PeersAtDifferentSites_ShareARoom_AndExchangeSignalAndChat()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _sites.Gra.ConnectNewAsync();
        var (bobSession, bob) = await _sites.Sbg.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            var bobJoin = await bob.InvokeAsync("Join", room, "Bob");
            Assert.Equal(aliceSession.PeerId, bobJoin.GetProperty("peers")[0].GetProperty("peerId").GetString());
            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("PeerJoined")).GetProperty("peerId").GetString());

            await alice.InvokeAsync("Signal", bobSession.PeerId, new { description = new { type = "offer", sdp = "v=0" } });
            var offer = await bob.WaitForAsync("Signal");
            Assert.Equal(aliceSession.PeerId, offer.GetProperty("fromPeerId").GetString());
            await bob.InvokeAsync("Signal", aliceSession.PeerId, new { description = new { type = "answer", sdp = "v=0" } });
            Assert.Equal("answer", (await alice.WaitForAsync("Signal")).GetProperty("payload").GetProperty("description").GetProperty("type").GetString());

            await bob.InvokeAsync("Chat", "hello from sbg");
            Assert.Equal("hello from sbg", (await alice.WaitForAsync("Chat")).GetProperty("text").GetString());
            Assert.Equal("hello from sbg", (await bob.WaitForAsync("Chat")).GetProperty("text").GetString());
        }
    }

    [Fact]
    public async Task Rejoin_AtTheOtherSite_WithinTheGrace_IsAReconnectForTheOthers()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _sites.Gra.ConnectNewAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewAsync();
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            await using var aliceAtSbg = await _sites.Sbg.ConnectAsync(aliceSession.Token);
            var rejoin = await aliceAtSbg.InvokeAsync("Join", room, "Alice");

            Assert.Equal(aliceSession.PeerId, rejoin.GetProperty("peerId").GetString());
            Assert.Equal(aliceSession.PeerId, (await bob.WaitForAsync("PeerReconnected")).GetProperty("peerId").GetString());
            Assert.False(await bob.ReceivesWithinAsync("PeerLeft", TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task ARoomsPeerLimit_HoldsAcrossSites()
    {
        var room = TestRooms.Unique();
        var clients = new List<Meeting.Testing.HubProtocolClient>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                var (_, client) = await (i % 2 == 0 ? _sites.Gra : _sites.Sbg).ConnectNewAsync();
                clients.Add(client);
                await client.InvokeAsync("Join", room, $"Peer {i}");
            }

            var (_, late) = await _sites.Sbg.ConnectNewAsync();
            clients.Add(late);
            await HubAssert.RejectsAsync("room_full", () => late.InvokeAsync("Join", room, "Late"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Stats_AtEitherSite_CountTheSharedRooms()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _sites.Gra.ConnectNewAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");

            using var http = _sites.Sbg.CreateClient();
            var stats = await http.GetFromJsonAsync<Dictionary<string, object>>("/api/stats");
            Assert.True(int.Parse(stats!["rooms"].ToString()!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
            Assert.True(int.Parse(stats["peers"].ToString()!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        }
    }

    [Fact]
    public async Task Health_ReportsTheRedisMasterAndTheSentinels()
    {
        using var http = _sites.Gra.CreateClient();

        var response = await http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var redis = body.RootElement.GetProperty("checks").GetProperty("redis");
        Assert.Equal("healthy", redis.GetProperty("status").GetString());
        Assert.Equal(3, redis.GetProperty("data").GetProperty("sentinelsConfigured").GetInt32());
        Assert.False(string.IsNullOrEmpty(redis.GetProperty("data").GetProperty("master").GetString()));
    }
}
