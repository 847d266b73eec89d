namespace Meeting.Server.Tests.Hubs;

public sealed class ReconnectGraceTests
{
    [Fact]
    public async Task Rejoin_WithinTheGrace_IsAReconnectNotALeaveAndJoin()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:10");
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await server.ConnectNewClientAsync();
        var (_, bob) = await server.ConnectNewClientAsync();
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            await using var aliceAgain = await server.ConnectClientAsync(aliceSession.Token);
            var rejoin = await aliceAgain.JoinAsync(room, "Alice");

            var reconnected = await bob.PeerReconnected.NextAsync();
            Assert.Equal(aliceSession.PeerId, reconnected.PeerId);
            Assert.Equal(aliceSession.PeerId, rejoin.PeerId);
            Assert.Equal(["Bob"], rejoin.Peers.Select(p => p.DisplayName));
            Assert.False(await bob.PeerLeft.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
            Assert.False(await bob.PeerJoined.ArrivesWithinAsync(TimeSpan.FromMilliseconds(100)));
        }
    }

    [Fact]
    public async Task AwayPeer_StaysInTheRosterDuringTheGrace()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:10");
        var room = TestRooms.Unique();
        var (_, alice) = await server.ConnectNewClientAsync();
        var (_, bob) = await server.ConnectNewClientAsync();
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            alice.Abort();
            await alice.DisposeAsync();

            var join = await bob.JoinAsync(room, "Bob");

            Assert.Equal(["Alice"], join.Peers.Select(p => p.DisplayName));
        }
    }

    [Fact]
    public async Task Disconnect_PastTheGrace_IsALeaveAndALaterJoinIsNew()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:00.300");
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await server.ConnectNewClientAsync();
        var (_, bob) = await server.ConnectNewClientAsync();
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            var left = await bob.PeerLeft.NextAsync(timeout: TimeSpan.FromSeconds(5));
            Assert.Equal(aliceSession.PeerId, left.PeerId);

            await using var aliceAgain = await server.ConnectClientAsync(aliceSession.Token);
            await aliceAgain.JoinAsync(room, "Alice");

            var joined = await bob.PeerJoined.NextAsync();
            Assert.Equal(aliceSession.PeerId, joined.PeerId);
            Assert.False(await bob.PeerReconnected.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task SecondConnection_OfTheSameSession_TakesThePlaceOfTheFirst()
    {
        await using var server = new MeetingServerFactory();
        var room = TestRooms.Unique();
        var (aliceSession, firstTab) = await server.ConnectNewClientAsync();
        var (bobSession, bob) = await server.ConnectNewClientAsync();
        await using (firstTab)
        await using (bob)
        {
            await firstTab.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            await using var secondTab = await server.ConnectClientAsync(aliceSession.Token);
            await secondTab.JoinAsync(room, "Alice");
            await bob.PeerReconnected.NextAsync();

            await bob.SignalAsync(aliceSession.PeerId, new { candidate = "c1" });
            var signal = await secondTab.Signal.NextAsync();
            Assert.Equal(bobSession.PeerId, signal.FromPeerId);
            Assert.False(await firstTab.Signal.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
            await HubAssert.RejectsAsync("not_in_room", () => firstTab.ChatAsync("ghost"));
        }
    }
}
