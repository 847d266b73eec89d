using Meeting.Server.Hubs;
using Meeting.Testing;

namespace Meeting.Server.Tests.Rooms;

/// <summary>
/// What a room's host can do and what its guests meet, run against the in-memory store (host and guests on
/// one server) and against Redis (the host at GRA, its guests at SBG, so that every lobby answer, removal
/// and host change crosses servers).
/// </summary>
public abstract class RoomAccessSpecification
{
    /// <summary>The servers with default settings, shared by the tests of the class.</summary>
    protected abstract ServerPair Servers { get; }

    /// <summary>New servers with <paramref name="settings"/> on top of the defaults, for the test to dispose.</summary>
    protected abstract ServerPair NewServers(params (string Key, string Value)[] settings);

    [Fact]
    public async Task Join_OfARoomThatDoesNotExist_MakesTheJoinerItsHost()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await Servers.Host.ConnectNewClientAsync();
        var (_, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var aliceJoin = await alice.JoinAsync(room, "Alice");
            var bobJoin = await bob.JoinAsync(room, "Bob");

            Assert.Equal(aliceSession.PeerId, aliceJoin.HostPeerId);
            Assert.Equal(aliceSession.PeerId, bobJoin.HostPeerId);
            var access = await bob.GetRoomAccessAsync();
            Assert.Equal(aliceSession.PeerId, access.HostPeerId);
            Assert.False(access.Locked);
        }
    }

    [Fact]
    public async Task LockedRoom_KeepsANewcomerInTheLobby_UntilTheHostAdmitsIt()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await alice.SetRoomLockedAsync(true);
            Assert.True((await alice.RoomLocked.NextAsync()).Locked);

            await HubAssert.RejectsAsync("in_lobby", () => bob.JoinAsync(room, "Bob"));

            var knock = await alice.LobbyKnock.NextAsync();
            Assert.Equal(bobSession.PeerId, knock.PeerId);
            Assert.Equal("Bob", knock.DisplayName);
            Assert.Equal([bobSession.PeerId], LobbyOf(await alice.GetRoomAccessAsync()));
            Assert.False(await alice.PeerJoined.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
            await HubAssert.RejectsAsync("not_in_room", () => bob.ChatAsync("let me in"));

            await alice.AdmitAsync(bobSession.PeerId);
            Assert.Equal(room, (await bob.LobbyAdmitted.NextAsync()).Room);
            var join = await bob.JoinAsync(room, "Bob");

            Assert.Equal(["Alice"], join.Peers.Select(p => p.DisplayName));
            Assert.Equal(bobSession.PeerId, (await alice.PeerJoined.NextAsync()).PeerId);
            Assert.Empty(LobbyOf(await alice.GetRoomAccessAsync()));
        }
    }

    [Fact]
    public async Task Lobby_HoldsAtMostItsLimit_AndAnnouncesEachNewcomerOnce()
    {
        await using var servers = NewServers(("Meeting:Rooms:MaxLobbyPeers", "1"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewClientAsync();
        var (_, carol) = await servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.JoinAsync(room, "Alice");
            await alice.SetRoomLockedAsync(true);
            await HubAssert.RejectsAsync("in_lobby", () => bob.JoinAsync(room, "Bob"));
            Assert.Equal(bobSession.PeerId, (await alice.LobbyKnock.NextAsync()).PeerId);

            await HubAssert.RejectsAsync("in_lobby", () => bob.JoinAsync(room, "Bob"));
            await HubAssert.RejectsAsync("lobby_full", () => carol.JoinAsync(room, "Carol"));

            Assert.False(await alice.LobbyKnock.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
            Assert.Equal([bobSession.PeerId], LobbyOf(await alice.GetRoomAccessAsync()));
        }
    }

    [Fact]
    public async Task Unlocking_AdmitsEveryoneWaiting()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewClientAsync();
        var (_, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await alice.SetRoomLockedAsync(true);
            await HubAssert.RejectsAsync("in_lobby", () => bob.JoinAsync(room, "Bob"));
            await alice.LobbyKnock.NextAsync();

            await alice.SetRoomLockedAsync(false);

            await bob.LobbyAdmitted.NextAsync();
            await bob.JoinAsync(room, "Bob");
            Assert.False((await bob.GetRoomAccessAsync()).Locked);
        }
    }

    [Fact]
    public async Task RefusedNewcomer_IsTold_AndItsSessionCannotKnockAgain()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await alice.SetRoomLockedAsync(true);
            await HubAssert.RejectsAsync("in_lobby", () => bob.JoinAsync(room, "Bob"));
            await alice.LobbyKnock.NextAsync();

            await alice.RefuseAsync(bobSession.PeerId);

            Assert.Equal(room, (await bob.LobbyRefused.NextAsync()).Room);
            await HubAssert.RejectsAsync("refused", () => bob.JoinAsync(room, "Bob"));
            Assert.False(await alice.LobbyKnock.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
            await alice.SetRoomLockedAsync(false);
            await HubAssert.RejectsAsync("refused", () => bob.JoinAsync(room, "Bob"));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.AdmitAsync(bobSession.PeerId));
        }
    }

    [Fact]
    public async Task RemovedPeer_LeavesAtOnce_IsToldWhy_AndCannotComeBack()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            await alice.RemovePeerAsync(bobSession.PeerId);

            var removed = await bob.RemovedFromRoom.NextAsync();
            Assert.Equal(room, removed.Room);
            Assert.Equal("removed_by_host", removed.Reason);
            Assert.Equal(bobSession.PeerId, (await alice.PeerLeft.NextAsync()).PeerId);
            await alice.ChatAsync("after the removal");
            await alice.Chat.NextAsync();
            Assert.False(await bob.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
            var chat = await Assert.ThrowsAsync<HubCallException>(() => bob.ChatAsync("still here?"));
            Assert.Contains(chat.Code, new[] { "removed", "not_in_room" });
            var mute = await Assert.ThrowsAsync<HubCallException>(() => bob.SetMutedAsync("audio", true));
            Assert.Contains(mute.Code, new[] { "removed", "not_in_room" });
            Assert.False(await alice.PeerMuted.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
            await HubAssert.RejectsAsync("removed", () => bob.JoinAsync(room, "Bob"));

            await using var bobAgain = await Servers.Guest.ConnectClientAsync(bobSession.Token);
            await HubAssert.RejectsAsync("removed", () => bobAgain.JoinAsync(room, "Bob"));
            var invite = (await alice.CreateInviteAsync()).Token;
            await HubAssert.RejectsAsync("removed", () => bobAgain.JoinWithInviteAsync(room, "Bob", invite));
            Assert.Empty(PeersOf(await alice.JoinAsync(room, "Alice")));
        }
    }

    [Fact]
    public async Task PeerRemovedWhileAway_DoesNotGetBackInByReconnectingWithinTheGrace()
    {
        await using var servers = NewServers(("Meeting:Rooms:ReconnectGrace", "00:00:30"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            bob.Abort();
            await bob.DisposeAsync();
            // Whether or not its server has marked it away yet, its place is the one removed.

            await alice.RemovePeerAsync(bobSession.PeerId);
            Assert.Equal(bobSession.PeerId, (await alice.PeerLeft.NextAsync()).PeerId);

            await using var bobAgain = await servers.Guest.ConnectClientAsync(bobSession.Token);
            await HubAssert.RejectsAsync("removed", () => bobAgain.JoinAsync(room, "Bob"));
            Assert.False(await alice.PeerReconnected.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task ConnectedPeerRemoved_ThenReconnectingWithinTheGrace_DoesNotGetBackIn()
    {
        await using var servers = NewServers(("Meeting:Rooms:ReconnectGrace", "00:00:30"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await alice.RemovePeerAsync(bobSession.PeerId);
            await bob.RemovedFromRoom.NextAsync();
            Assert.Equal(bobSession.PeerId, (await alice.PeerLeft.NextAsync()).PeerId);
            bob.Abort();
            await bob.DisposeAsync();

            await using var bobAgain = await servers.Guest.ConnectClientAsync(bobSession.Token);
            await HubAssert.RejectsAsync("removed", () => bobAgain.JoinAsync(room, "Bob"));
            Assert.Empty(PeersOf(await alice.JoinAsync(room, "Alice")));
        }
    }

    [Fact]
    public async Task Invite_TakesANewcomerPastTheLobbyOfALockedRoom()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await alice.SetRoomLockedAsync(true);
            var invite = await alice.CreateInviteAsync();
            Assert.Equal(room, invite.Room);
            Assert.True(invite.ExpiresAt > DateTimeOffset.UtcNow);

            await bob.JoinWithInviteAsync(room, "Bob", invite.Token);

            Assert.Equal(bobSession.PeerId, (await alice.PeerJoined.NextAsync()).PeerId);
            Assert.False(await alice.LobbyKnock.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task TamperedOrOtherRoomsInvite_IsRefused_AndChangesNothing()
    {
        var room = TestRooms.Unique();
        var otherRoom = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewClientAsync();
        var (_, carol) = await Servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (carol)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await alice.SetRoomLockedAsync(true);
            var token = (await alice.CreateInviteAsync()).Token;
            await carol.JoinAsync(otherRoom, "Carol");
            var otherToken = (await carol.CreateInviteAsync()).Token;
            var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

            await HubAssert.RejectsAsync("invalid_invite", () => bob.JoinWithInviteAsync(room, "Bob", tampered));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.JoinWithInviteAsync(room, "Bob", otherToken));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.JoinWithInviteAsync(room, "Bob", "not-a-token"));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.JoinWithInviteAsync(room, "Bob", bobSession.Token));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.JoinWithInviteAsync(room, "Bob", ""));

            Assert.False(await alice.LobbyKnock.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
            Assert.False(await alice.PeerJoined.ArrivesWithinAsync(TimeSpan.FromMilliseconds(100)));
            Assert.Empty(LobbyOf(await alice.GetRoomAccessAsync()));
            Assert.Empty(PeersOf(await alice.JoinAsync(room, "Alice")));
            await HubAssert.RejectsAsync("not_in_room", () => bob.ChatAsync("hello"));
        }
    }

    [Fact]
    public async Task ExpiredInvite_IsRefused_AndChangesNothing()
    {
        await using var servers = NewServers(("Meeting:Rooms:InviteLifetime", "00:00:00.200"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewClientAsync();
        var (_, bob) = await servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await alice.SetRoomLockedAsync(true);
            var token = (await alice.CreateInviteAsync()).Token;
            await Task.Delay(TimeSpan.FromMilliseconds(400));

            await HubAssert.RejectsAsync("invite_expired", () => bob.JoinWithInviteAsync(room, "Bob", token));

            Assert.False(await alice.LobbyKnock.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
            Assert.Empty(PeersOf(await alice.JoinAsync(room, "Alice")));
        }
    }

    [Fact]
    public async Task HostMethods_FromAPeerThatIsNotTheHost_AreRefusedWithNotHost()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await Servers.Host.ConnectNewClientAsync();
        var (_, bob) = await Servers.Guest.ConnectNewClientAsync();
        var (_, outsider) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        await using (outsider)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            await HubAssert.RejectsAsync("not_host", () => bob.SetRoomLockedAsync(true));
            await HubAssert.RejectsAsync("not_host", () => bob.AdmitAsync(aliceSession.PeerId));
            await HubAssert.RejectsAsync("not_host", () => bob.RefuseAsync(aliceSession.PeerId));
            await HubAssert.RejectsAsync("not_host", () => bob.RemovePeerAsync(aliceSession.PeerId));
            await HubAssert.RejectsAsync("not_host", () => bob.CreateInviteAsync());
            await HubAssert.RejectsAsync("not_in_room", () => outsider.SetRoomLockedAsync(true));
            await HubAssert.RejectsAsync("not_in_room", () => outsider.CreateInviteAsync());

            Assert.False((await alice.GetRoomAccessAsync()).Locked);
            Assert.Single(PeersOf(await bob.JoinAsync(room, "Bob")));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.AdmitAsync(""));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.AdmitAsync(new string('x', 65)));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.RemovePeerAsync(aliceSession.PeerId));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.RemovePeerAsync("nobody"));
        }
    }

    [Fact]
    public async Task HostLeaving_PassesTheRoleToThePeerPresentLongest()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewClientAsync();
        var (_, carol) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await carol.JoinAsync(room, "Carol");
            await alice.SetRoomLockedAsync(true);

            await alice.LeaveAsync();

            Assert.Equal(bobSession.PeerId, (await carol.HostChanged.NextAsync()).HostPeerId);
            Assert.Equal(bobSession.PeerId, (await bob.HostChanged.NextAsync()).HostPeerId);
            await HubAssert.RejectsAsync("not_host", () => carol.SetRoomLockedAsync(false));
            await bob.SetRoomLockedAsync(false);
            var back = await alice.JoinAsync(room, "Alice");
            Assert.Equal(bobSession.PeerId, back.HostPeerId);
            await HubAssert.RejectsAsync("not_host", () => alice.CreateInviteAsync());
        }
    }

    [Fact]
    public async Task WithoutOpenRooms_OnlyCreateRoomMakesARoom_WhichStartsLocked()
    {
        await using var servers = NewServers(("Meeting:Rooms:AllowOpenRooms", "false"));
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await servers.Host.ConnectNewClientAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewClientAsync();
        var (_, carol) = await servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await HubAssert.RejectsAsync("room_not_found", () => alice.JoinAsync(room, "Alice"));

            var created = await alice.CreateRoomAsync(room, "Alice");

            Assert.Equal(aliceSession.PeerId, created.HostPeerId);
            Assert.True((await alice.GetRoomAccessAsync()).Locked);
            await HubAssert.RejectsAsync("room_exists", () => bob.CreateRoomAsync(room, "Bob"));
            await HubAssert.RejectsAsync("in_lobby", () => bob.JoinAsync(room, "Bob"));
            Assert.Equal(bobSession.PeerId, (await alice.LobbyKnock.NextAsync()).PeerId);
            var token = (await alice.CreateInviteAsync()).Token;
            await carol.JoinWithInviteAsync(room, "Carol", token);
            await HubAssert.RejectsAsync("invalid_invite", () => carol.JoinWithInviteAsync(TestRooms.Unique(), "Carol", token));
        }
    }

    [Fact]
    public async Task OpenRooms_AreTheDefault_AndCreateRoomStillWorks()
    {
        var (aliceSession, alice) = await Servers.Host.ConnectNewClientAsync();
        var (_, bob) = await Servers.Guest.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            var room = TestRooms.Unique();
            var created = await alice.CreateRoomAsync(room, "Alice");
            Assert.Equal(aliceSession.PeerId, created.HostPeerId);
            Assert.False((await alice.GetRoomAccessAsync()).Locked);
            await bob.JoinAsync(room, "Bob");
            await HubAssert.RejectsAsync("invalid_room", () => bob.CreateRoomAsync("Not A Room", "Bob"));
        }
    }

    private static IReadOnlyList<string> LobbyOf(RoomAccessResponse access) => access.Lobby.Select(p => p.PeerId).ToArray();

    private static IReadOnlyList<string> PeersOf(JoinResponse join) => join.Peers.Select(p => p.PeerId).ToArray();
}
