using System.Net;
using System.Net.Http.Json;
using Meeting.Testing.Hub;

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

        await using var atSbg = await _sites.Sbg.ConnectClientAsync(session.Token);
        var join = await atSbg.JoinAsync(TestRooms.Unique(), "Alice");

        Assert.Equal(session.PeerId, join.PeerId);
        Assert.Equal("sbg", join.Site);
    }

    [Fact]
    public async Task PeersAtDifferentSites_ShareARoom_AndExchangeSignalAndChat()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _sites.Gra.ConnectNewClientAsync();
        var (bobSession, bob) = await _sites.Sbg.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            var bobJoin = await bob.JoinAsync(room, "Bob");
            Assert.Equal(aliceSession.PeerId, bobJoin.Peers[0].PeerId);
            Assert.Equal(bobSession.PeerId, (await alice.PeerJoined.NextAsync()).PeerId);

            await alice.SignalAsync(bobSession.PeerId, new { description = new { type = "offer", sdp = "v=0" } });
            var offer = await bob.Signal.NextAsync();
            Assert.Equal(aliceSession.PeerId, offer.FromPeerId);
            await bob.SignalAsync(aliceSession.PeerId, new { description = new { type = "answer", sdp = "v=0" } });
            Assert.Equal("answer", (await alice.Signal.NextAsync()).Payload.GetProperty("description").GetProperty("type").GetString());

            await bob.ChatAsync("hello from sbg");
            Assert.Equal("hello from sbg", (await alice.Chat.NextAsync()).Text);
            Assert.Equal("hello from sbg", (await bob.Chat.NextAsync()).Text);
        }
    }

    [Fact]
    public async Task Rejoin_AtTheOtherSite_WithinTheGrace_IsAReconnectForTheOthers()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _sites.Gra.ConnectNewClientAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewClientAsync();
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            await using var aliceAtSbg = await _sites.Sbg.ConnectClientAsync(aliceSession.Token);
            var rejoin = await aliceAtSbg.JoinAsync(room, "Alice");

            Assert.Equal(aliceSession.PeerId, rejoin.PeerId);
            Assert.Equal(aliceSession.PeerId, (await bob.PeerReconnected.NextAsync()).PeerId);
            Assert.False(await bob.PeerLeft.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task ARoomsPeerLimit_HoldsAcrossSites()
    {
        var room = TestRooms.Unique();
        var clients = new List<MeetingHubClient>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                var (_, client) = await (i % 2 == 0 ? _sites.Gra : _sites.Sbg).ConnectNewClientAsync();
                clients.Add(client);
                await client.JoinAsync(room, $"Peer {i}");
            }

            var (_, late) = await _sites.Sbg.ConnectNewClientAsync();
            clients.Add(late);
            await HubAssert.RejectsAsync("room_full", () => late.JoinAsync(room, "Late"));
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
        var (_, alice) = await _sites.Gra.ConnectNewClientAsync();
        var (_, bob) = await _sites.Sbg.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

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
