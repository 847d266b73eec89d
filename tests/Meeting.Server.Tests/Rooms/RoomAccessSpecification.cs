using System.Text.Json;
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
        var (aliceSession, alice) = await Servers.Host.ConnectNewAsync();
        var (_, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            var aliceJoin = await alice.InvokeAsync("Join", room, "Alice");
            var bobJoin = await bob.InvokeAsync("Join", room, "Bob");

            Assert.Equal(aliceSession.PeerId, aliceJoin.GetProperty("hostPeerId").GetString());
            Assert.Equal(aliceSession.PeerId, bobJoin.GetProperty("hostPeerId").GetString());
            var access = await bob.InvokeAsync("GetRoomAccess");
            Assert.Equal(aliceSession.PeerId, access.GetProperty("hostPeerId").GetString());
            Assert.False(access.GetProperty("locked").GetBoolean());
        }
    }

    [Fact]
    public async Task LockedRoom_KeepsANewcomerInTheLobby_UntilTheHostAdmitsIt()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await alice.InvokeAsync("SetRoomLocked", true);
            Assert.True((await alice.WaitForAsync("RoomLocked")).GetProperty("locked").GetBoolean());

            await HubAssert.RejectsAsync("in_lobby", () => bob.InvokeAsync("Join", room, "Bob"));

            var knock = await alice.WaitForAsync("LobbyKnock");
            Assert.Equal(bobSession.PeerId, knock.GetProperty("peerId").GetString());
            Assert.Equal("Bob", knock.GetProperty("displayName").GetString());
            Assert.Equal([bobSession.PeerId], LobbyOf(await alice.InvokeAsync("GetRoomAccess")));
            Assert.False(await alice.ReceivesWithinAsync("PeerJoined", TimeSpan.FromMilliseconds(200)));
            await HubAssert.RejectsAsync("not_in_room", () => bob.InvokeAsync("Chat", "let me in"));

            await alice.InvokeAsync("Admit", bobSession.PeerId);
            Assert.Equal(room, (await bob.WaitForAsync("LobbyAdmitted")).GetProperty("room").GetString());
            var join = await bob.InvokeAsync("Join", room, "Bob");

            Assert.Equal(["Alice"], join.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()));
            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("PeerJoined")).GetProperty("peerId").GetString());
            Assert.Empty(LobbyOf(await alice.InvokeAsync("GetRoomAccess")));
        }
    }

    [Fact]
    public async Task Lobby_HoldsAtMostItsLimit_AndAnnouncesEachNewcomerOnce()
    {
        await using var servers = NewServers(("Meeting:Rooms:MaxLobbyPeers", "1"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewAsync();
        var (_, carol) = await servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await alice.InvokeAsync("SetRoomLocked", true);
            await HubAssert.RejectsAsync("in_lobby", () => bob.InvokeAsync("Join", room, "Bob"));
            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("LobbyKnock")).GetProperty("peerId").GetString());

            await HubAssert.RejectsAsync("in_lobby", () => bob.InvokeAsync("Join", room, "Bob"));
            await HubAssert.RejectsAsync("lobby_full", () => carol.InvokeAsync("Join", room, "Carol"));

            Assert.False(await alice.ReceivesWithinAsync("LobbyKnock", TimeSpan.FromMilliseconds(300)));
            Assert.Equal([bobSession.PeerId], LobbyOf(await alice.InvokeAsync("GetRoomAccess")));
        }
    }

    [Fact]
    public async Task Unlocking_AdmitsEveryoneWaiting()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewAsync();
        var (_, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await alice.InvokeAsync("SetRoomLocked", true);
            await HubAssert.RejectsAsync("in_lobby", () => bob.InvokeAsync("Join", room, "Bob"));
            await alice.WaitForAsync("LobbyKnock");

            await alice.InvokeAsync("SetRoomLocked", false);

            await bob.WaitForAsync("LobbyAdmitted");
            await bob.InvokeAsync("Join", room, "Bob");
            Assert.False((await bob.InvokeAsync("GetRoomAccess")).GetProperty("locked").GetBoolean());
        }
    }

    [Fact]
    public async Task RefusedNewcomer_IsTold_AndItsSessionCannotKnockAgain()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await alice.InvokeAsync("SetRoomLocked", true);
            await HubAssert.RejectsAsync("in_lobby", () => bob.InvokeAsync("Join", room, "Bob"));
            await alice.WaitForAsync("LobbyKnock");

            await alice.InvokeAsync("Refuse", bobSession.PeerId);

            Assert.Equal(room, (await bob.WaitForAsync("LobbyRefused")).GetProperty("room").GetString());
            await HubAssert.RejectsAsync("refused", () => bob.InvokeAsync("Join", room, "Bob"));
            Assert.False(await alice.ReceivesWithinAsync("LobbyKnock", TimeSpan.FromMilliseconds(200)));
            await alice.InvokeAsync("SetRoomLocked", false);
            await HubAssert.RejectsAsync("refused", () => bob.InvokeAsync("Join", room, "Bob"));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.InvokeAsync("Admit", bobSession.PeerId));
        }
    }

    [Fact]
    public async Task RemovedPeer_LeavesAtOnce_IsToldWhy_AndCannotComeBack()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");

            await alice.InvokeAsync("RemovePeer", bobSession.PeerId);

            var removed = await bob.WaitForAsync("RemovedFromRoom");
            Assert.Equal(room, removed.GetProperty("room").GetString());
            Assert.Equal("removed_by_host", removed.GetProperty("reason").GetString());
            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("PeerLeft")).GetProperty("peerId").GetString());
            await alice.InvokeAsync("Chat", "after the removal");
            await alice.WaitForAsync("Chat");
            Assert.False(await bob.ReceivesWithinAsync("Chat", TimeSpan.FromMilliseconds(300)));
            var chat = await Assert.ThrowsAsync<HubCallException>(() => bob.InvokeAsync("Chat", "still here?"));
            Assert.Contains(chat.Code, new[] { "removed", "not_in_room" });
            var mute = await Assert.ThrowsAsync<HubCallException>(() => bob.InvokeAsync("SetMuted", "audio", true));
            Assert.Contains(mute.Code, new[] { "removed", "not_in_room" });
            Assert.False(await alice.ReceivesWithinAsync("PeerMuted", TimeSpan.FromMilliseconds(200)));
            await HubAssert.RejectsAsync("removed", () => bob.InvokeAsync("Join", room, "Bob"));

            await using var bobAgain = await Servers.Guest.ConnectAsync(bobSession.Token);
            await HubAssert.RejectsAsync("removed", () => bobAgain.InvokeAsync("Join", room, "Bob"));
            var invite = (await alice.InvokeAsync("CreateInvite")).GetProperty("token").GetString();
            await HubAssert.RejectsAsync("removed", () => bobAgain.InvokeAsync("JoinWithInvite", room, "Bob", invite));
            Assert.Empty(PeersOf(await alice.InvokeAsync("Join", room, "Alice")));
        }
    }

    [Fact]
    public async Task PeerRemovedWhileAway_DoesNotGetBackInByReconnectingWithinTheGrace()
    {
        await using var servers = NewServers(("Meeting:Rooms:ReconnectGrace", "00:00:30"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewAsync();
        await using (alice)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            bob.Abort();
            await bob.DisposeAsync();
            // Whether or not its server has marked it away yet, its place is the one removed.

            await alice.InvokeAsync("RemovePeer", bobSession.PeerId);
            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("PeerLeft")).GetProperty("peerId").GetString());

            await using var bobAgain = await servers.Guest.ConnectAsync(bobSession.Token);
            await HubAssert.RejectsAsync("removed", () => bobAgain.InvokeAsync("Join", room, "Bob"));
            Assert.False(await alice.ReceivesWithinAsync("PeerReconnected", TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task ConnectedPeerRemoved_ThenReconnectingWithinTheGrace_DoesNotGetBackIn()
    {
        await using var servers = NewServers(("Meeting:Rooms:ReconnectGrace", "00:00:30"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewAsync();
        await using (alice)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            await alice.InvokeAsync("RemovePeer", bobSession.PeerId);
            await bob.WaitForAsync("RemovedFromRoom");
            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("PeerLeft")).GetProperty("peerId").GetString());
            bob.Abort();
            await bob.DisposeAsync();

            await using var bobAgain = await servers.Guest.ConnectAsync(bobSession.Token);
            await HubAssert.RejectsAsync("removed", () => bobAgain.InvokeAsync("Join", room, "Bob"));
            Assert.Empty(PeersOf(await alice.InvokeAsync("Join", room, "Alice")));
        }
    }

    [Fact]
    public async Task Invite_TakesANewcomerPastTheLobbyOfALockedRoom()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await alice.InvokeAsync("SetRoomLocked", true);
            var invite = await alice.InvokeAsync("CreateInvite");
            Assert.Equal(room, invite.GetProperty("room").GetString());
            Assert.True(invite.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

            await bob.InvokeAsync("JoinWithInvite", room, "Bob", invite.GetProperty("token").GetString());

            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("PeerJoined")).GetProperty("peerId").GetString());
            Assert.False(await alice.ReceivesWithinAsync("LobbyKnock", TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task TamperedOrOtherRoomsInvite_IsRefused_AndChangesNothing()
    {
        var room = TestRooms.Unique();
        var otherRoom = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewAsync();
        var (_, carol) = await Servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (carol)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await alice.InvokeAsync("SetRoomLocked", true);
            var token = (await alice.InvokeAsync("CreateInvite")).GetProperty("token").GetString()!;
            await carol.InvokeAsync("Join", otherRoom, "Carol");
            var otherToken = (await carol.InvokeAsync("CreateInvite")).GetProperty("token").GetString()!;
            var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

            await HubAssert.RejectsAsync("invalid_invite", () => bob.InvokeAsync("JoinWithInvite", room, "Bob", tampered));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.InvokeAsync("JoinWithInvite", room, "Bob", otherToken));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.InvokeAsync("JoinWithInvite", room, "Bob", "not-a-token"));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.InvokeAsync("JoinWithInvite", room, "Bob", bobSession.Token));
            await HubAssert.RejectsAsync("invalid_invite", () => bob.InvokeAsync("JoinWithInvite", room, "Bob", ""));

            Assert.False(await alice.ReceivesWithinAsync("LobbyKnock", TimeSpan.FromMilliseconds(200)));
            Assert.False(await alice.ReceivesWithinAsync("PeerJoined", TimeSpan.FromMilliseconds(100)));
            Assert.Empty(LobbyOf(await alice.InvokeAsync("GetRoomAccess")));
            Assert.Empty(PeersOf(await alice.InvokeAsync("Join", room, "Alice")));
            await HubAssert.RejectsAsync("not_in_room", () => bob.InvokeAsync("Chat", "hello"));
        }
    }

    [Fact]
    public async Task ExpiredInvite_IsRefused_AndChangesNothing()
    {
        await using var servers = NewServers(("Meeting:Rooms:InviteLifetime", "00:00:00.200"));
        var room = TestRooms.Unique();
        var (_, alice) = await servers.Host.ConnectNewAsync();
        var (_, bob) = await servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await alice.InvokeAsync("SetRoomLocked", true);
            var token = (await alice.InvokeAsync("CreateInvite")).GetProperty("token").GetString();
            await Task.Delay(TimeSpan.FromMilliseconds(400));

            await HubAssert.RejectsAsync("invite_expired", () => bob.InvokeAsync("JoinWithInvite", room, "Bob", token));

            Assert.False(await alice.ReceivesWithinAsync("LobbyKnock", TimeSpan.FromMilliseconds(200)));
            Assert.Empty(PeersOf(await alice.InvokeAsync("Join", room, "Alice")));
        }
    }

    [Fact]
    public async Task HostMethods_FromAPeerThatIsNotTheHost_AreRefusedWithNotHost()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await Servers.Host.ConnectNewAsync();
        var (_, bob) = await Servers.Guest.ConnectNewAsync();
        var (_, outsider) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        await using (outsider)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");

            await HubAssert.RejectsAsync("not_host", () => bob.InvokeAsync("SetRoomLocked", true));
            await HubAssert.RejectsAsync("not_host", () => bob.InvokeAsync("Admit", aliceSession.PeerId));
            await HubAssert.RejectsAsync("not_host", () => bob.InvokeAsync("Refuse", aliceSession.PeerId));
            await HubAssert.RejectsAsync("not_host", () => bob.InvokeAsync("RemovePeer", aliceSession.PeerId));
            await HubAssert.RejectsAsync("not_host", () => bob.InvokeAsync("CreateInvite"));
            await HubAssert.RejectsAsync("not_in_room", () => outsider.InvokeAsync("SetRoomLocked", true));
            await HubAssert.RejectsAsync("not_in_room", () => outsider.InvokeAsync("CreateInvite"));

            Assert.False((await alice.InvokeAsync("GetRoomAccess")).GetProperty("locked").GetBoolean());
            Assert.Single(PeersOf(await bob.InvokeAsync("Join", room, "Bob")));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.InvokeAsync("Admit", ""));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.InvokeAsync("Admit", new string('x', 65)));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.InvokeAsync("RemovePeer", aliceSession.PeerId));
            await HubAssert.RejectsAsync("unknown_peer", () => alice.InvokeAsync("RemovePeer", "nobody"));
        }
    }

    [Fact]
    public async Task HostLeaving_PassesTheRoleToThePeerPresentLongest()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await Servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await Servers.Guest.ConnectNewAsync();
        var (_, carol) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            await carol.InvokeAsync("Join", room, "Carol");
            await alice.InvokeAsync("SetRoomLocked", true);

            await alice.InvokeAsync("Leave");

            Assert.Equal(bobSession.PeerId, (await carol.WaitForAsync("HostChanged")).GetProperty("hostPeerId").GetString());
            Assert.Equal(bobSession.PeerId, (await bob.WaitForAsync("HostChanged")).GetProperty("hostPeerId").GetString());
            await HubAssert.RejectsAsync("not_host", () => carol.InvokeAsync("SetRoomLocked", false));
            await bob.InvokeAsync("SetRoomLocked", false);
            var back = await alice.InvokeAsync("Join", room, "Alice");
            Assert.Equal(bobSession.PeerId, back.GetProperty("hostPeerId").GetString());
            await HubAssert.RejectsAsync("not_host", () => alice.InvokeAsync("CreateInvite"));
        }
    }

    [Fact]
    public async Task WithoutOpenRooms_OnlyCreateRoomMakesARoom_WhichStartsLocked()
    {
        await using var servers = NewServers(("Meeting:Rooms:AllowOpenRooms", "false"));
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await servers.Host.ConnectNewAsync();
        var (bobSession, bob) = await servers.Guest.ConnectNewAsync();
        var (_, carol) = await servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        await using (carol)
        {
            await HubAssert.RejectsAsync("room_not_found", () => alice.InvokeAsync("Join", room, "Alice"));

            var created = await alice.InvokeAsync("CreateRoom", room, "Alice");

            Assert.Equal(aliceSession.PeerId, created.GetProperty("hostPeerId").GetString());
            Assert.True((await alice.InvokeAsync("GetRoomAccess")).GetProperty("locked").GetBoolean());
            await HubAssert.RejectsAsync("room_exists", () => bob.InvokeAsync("CreateRoom", room, "Bob"));
            await HubAssert.RejectsAsync("in_lobby", () => bob.InvokeAsync("Join", room, "Bob"));
            Assert.Equal(bobSession.PeerId, (await alice.WaitForAsync("LobbyKnock")).GetProperty("peerId").GetString());
            var token = (await alice.InvokeAsync("CreateInvite")).GetProperty("token").GetString();
            await carol.InvokeAsync("JoinWithInvite", room, "Carol", token);
            await HubAssert.RejectsAsync("invalid_invite", () => carol.InvokeAsync("JoinWithInvite", TestRooms.Unique(), "Carol", token));
        }
    }

    [Fact]
    public async Task OpenRooms_AreTheDefault_AndCreateRoomStillWorks()
    {
        var (aliceSession, alice) = await Servers.Host.ConnectNewAsync();
        var (_, bob) = await Servers.Guest.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            var room = TestRooms.Unique();
            var created = await alice.InvokeAsync("CreateRoom", room, "Alice");
            Assert.Equal(aliceSession.PeerId, created.GetProperty("hostPeerId").GetString());
            Assert.False((await alice.InvokeAsync("GetRoomAccess")).GetProperty("locked").GetBoolean());
            await bob.InvokeAsync("Join", room, "Bob");
            await HubAssert.RejectsAsync("invalid_room", () => bob.InvokeAsync("CreateRoom", "Not A Room", "Bob"));
        }
    }

    private static IReadOnlyList<string?> LobbyOf(JsonElement access)
        => access.GetProperty("lobby").EnumerateArray().Select(p => p.GetProperty("peerId").GetString()).ToArray();

    private static IReadOnlyList<string?> PeersOf(JsonElement join)
        => join.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("peerId").GetString()).ToArray();
}
