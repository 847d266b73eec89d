namespace Meeting.Server.Tests.Hubs;

public sealed class ReconnectGraceTests
{
    [Fact]
    public async Task Rejoin_WithinTheGrace_IsAReconnectNotALeaveAndJoin()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:10");
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await server.ConnectNewAsync();
        var (_, bob) = await server.ConnectNewAsync();
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            await using var aliceAgain = await server.ConnectAsync(aliceSession.Token);
            var rejoin = await aliceAgain.InvokeAsync("Join", room, "Alice");

            var reconnected = await bob.WaitForAsync("PeerReconnected");
            Assert.Equal(aliceSession.PeerId, reconnected.GetProperty("peerId").GetString());
            Assert.Equal(aliceSession.PeerId, rejoin.GetProperty("peerId").GetString());
            Assert.Equal(["Bob"], rejoin.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()));
            Assert.False(await bob.ReceivesWithinAsync("PeerLeft", TimeSpan.FromMilliseconds(300)));
            Assert.False(await bob.ReceivesWithinAsync("PeerJoined", TimeSpan.FromMilliseconds(100)));
        }
    }

    [Fact]
    public async Task AwayPeer_StaysInTheRosterDuringTheGrace()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:10");
        var room = TestRooms.Unique();
        var (_, alice) = await server.ConnectNewAsync();
        var (_, bob) = await server.ConnectNewAsync();
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            alice.Abort();
            await alice.DisposeAsync();

            var join = await bob.InvokeAsync("Join", room, "Bob");

            Assert.Equal(["Alice"], join.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()));
        }
    }

    [Fact]
    public async Task Disconnect_PastTheGrace_IsALeaveAndALaterJoinIsNew()
    {
        await using var server = new MeetingServerFactory().With("Meeting:Rooms:ReconnectGrace", "00:00:00.300");
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await server.ConnectNewAsync();
        var (_, bob) = await server.ConnectNewAsync();
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            alice.Abort();
            await alice.DisposeAsync();

            var left = await bob.WaitForAsync("PeerLeft", timeout: TimeSpan.FromSeconds(5));
            Assert.Equal(aliceSession.PeerId, left.GetProperty("peerId").GetString());

            await using var aliceAgain = await server.ConnectAsync(aliceSession.Token);
            await aliceAgain.InvokeAsync("Join", room, "Alice");

            var joined = await bob.WaitForAsync("PeerJoined");
            Assert.Equal(aliceSession.PeerId, joined.GetProperty("peerId").GetString());
            Assert.False(await bob.ReceivesWithinAsync("PeerReconnected", TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task SecondConnection_OfTheSameSession_TakesThePlaceOfTheFirst()
    {
        await using var server = new MeetingServerFactory();
        var room = TestRooms.Unique();
        var (aliceSession, firstTab) = await server.ConnectNewAsync();
        var (bobSession, bob) = await server.ConnectNewAsync();
        await using (firstTab)
        await using (bob)
        {
            await firstTab.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");

            await using var secondTab = await server.ConnectAsync(aliceSession.Token);
            await secondTab.InvokeAsync("Join", room, "Alice");
            await bob.WaitForAsync("PeerReconnected");

            await bob.InvokeAsync("Signal", aliceSession.PeerId, new { candidate = "c1" });
            var signal = await secondTab.WaitForAsync("Signal");
            Assert.Equal(bobSession.PeerId, signal.GetProperty("fromPeerId").GetString());
            Assert.False(await firstTab.ReceivesWithinAsync("Signal", TimeSpan.FromMilliseconds(300)));
            await HubAssert.RejectsAsync("not_in_room", () => firstTab.InvokeAsync("Chat", "ghost"));
        }
    }
}
