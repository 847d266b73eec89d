using Meeting.SignalR.Redis.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Tests;

/// <summary>
/// What every <see cref="HubLifetimeManager{THub}"/> of this project must do, run against SignalR's in-memory
/// manager (one server, so <see cref="First"/> and <see cref="Second"/> are the same) and against the Redis
/// backplane with two servers. Each test ends its sends with a barrier (see <see cref="FlushAsync"/>) so that it
/// can assert the exact frames every client got: nothing missing, nothing twice, nothing extra.
/// </summary>
/// <remarks>
/// Sends made by one server reach a client in the order they were made. Sends made by different servers are not
/// ordered with each other, even one after the other: a server writes to its own connections at once and the
/// other server's message may still be on its way.
/// </remarks>
public abstract class HubLifetimeManagerSpecification : IAsyncLifetime
{
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(5);

    private const string Barrier = "Barrier";
    private readonly List<(TestClient Client, HubLifetimeManager<TestHub> Server)> _connected = [];
    private readonly List<TestClient> _all = [];
    private int _lastClient;

    protected HubLifetimeManager<TestHub> First { get; private set; } = null!;

    protected HubLifetimeManager<TestHub> Second { get; private set; } = null!;

    public async Task InitializeAsync() => (First, Second) = await CreateServersAsync().WaitAsync(TestTimeout);

    public async Task DisposeAsync()
    {
        foreach (var (client, server) in _connected.ToArray())
        {
            await server.OnDisconnectedAsync(client.Context).WaitAsync(TestTimeout);
        }

        foreach (var client in _all)
        {
            await client.DisposeAsync().AsTask().WaitAsync(TestTimeout);
        }

        await DisposeServersAsync().AsTask().WaitAsync(TestTimeout);
    }

    [Fact]
    public async Task SendAll_ReachesEveryConnectionOnEveryServer()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        var c = await ConnectAsync(Second);

        await First.SendAllAsync("Hello", ["everyone"]).WaitAsync(TestTimeout);
        await Second.SendAllAsync("Again", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceivedInAnyOrder(a, "Hello", "Again");
        AssertReceivedInAnyOrder(b, "Hello", "Again");
        AssertReceivedInAnyOrder(c, "Hello", "Again");
    }

    [Fact]
    public async Task SendAllExcept_SkipsTheExcludedConnectionsOnEveryServer()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(First);
        var c = await ConnectAsync(Second);
        var d = await ConnectAsync(Second);

        await Second.SendAllExceptAsync("Hello", [], [b.ConnectionId, c.ConnectionId]).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(a, "Hello");
        AssertReceived(b);
        AssertReceived(c);
        AssertReceived(d, "Hello");
    }

    [Fact]
    public async Task SendConnection_ReachesOnlyThatConnection_WhicheverServerHoldsIt()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);

        await First.SendConnectionAsync(a.ConnectionId, "FromHere", []).WaitAsync(TestTimeout);
        await First.SendConnectionAsync(b.ConnectionId, "FromThere", []).WaitAsync(TestTimeout);
        await Second.SendConnectionAsync(a.ConnectionId, "FromThere", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceivedInAnyOrder(a, "FromHere", "FromThere");
        AssertReceived(b, "FromThere");
    }

    [Fact]
    public async Task SendConnections_ReachesEachListedConnectionOnce()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        var c = await ConnectAsync(Second);

        await First.SendConnectionsAsync([a.ConnectionId, b.ConnectionId], "Hello", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(a, "Hello");
        AssertReceived(b, "Hello");
        AssertReceived(c);
    }

    [Fact]
    public async Task SendConnection_ToAConnectionThatIsGone_DeliversNothingAndSucceeds()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        await DisconnectAsync(b);

        await First.SendConnectionAsync(b.ConnectionId, "Hello", []).WaitAsync(TestTimeout);
        await First.SendConnectionAsync("never-connected", "Hello", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(a);
        Assert.Empty(b.ReceivePending());
    }

    [Fact]
    public async Task SendGroup_ReachesTheMembersOnBothServers_AndNoOneElse()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        var c = await ConnectAsync(Second);
        await First.AddToGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);
        await Second.AddToGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);

        await Second.SendGroupAsync("room", "Hello", []).WaitAsync(TestTimeout);
        await First.SendGroupAsync("room", "Again", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceivedInAnyOrder(a, "Hello", "Again");
        AssertReceivedInAnyOrder(b, "Hello", "Again");
        AssertReceived(c);
    }

    [Fact]
    public async Task AddToGroup_ForAConnectionOnTheOtherServer_IsInEffectWhenItReturns()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);

        await First.AddToGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);
        await First.SendGroupAsync("room", "Hello", []).WaitAsync(TestTimeout);
        Assert.Equal("Hello", (await b.ReceiveAsync(TestTimeout)).Target);

        await Second.SendGroupAsync("room", "Again", []).WaitAsync(TestTimeout);
        await FlushAsync();
        AssertReceived(a);
        AssertReceived(b, "Again");
    }

    [Fact]
    public async Task RemoveFromGroup_ForAConnectionOnTheOtherServer_StopsItsDeliveries()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        await Second.AddToGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);
        await Second.AddToGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);
        await Second.SendGroupAsync("room", "Before", []).WaitAsync(TestTimeout);

        await Second.RemoveFromGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);
        await First.SendGroupAsync("room", "After", []).WaitAsync(TestTimeout);
        await Second.SendGroupAsync("room", "After", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(a, "Before");
        AssertReceived(b, "Before", "After", "After");
    }

    [Fact]
    public async Task AddToGroup_Twice_StillDeliversOnce()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        for (var i = 0; i < 2; i++)
        {
            await First.AddToGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);
            await First.AddToGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);
        }

        await First.SendGroupAsync("room", "Hello", []).WaitAsync(TestTimeout);
        await Second.SendGroupAsync("room", "Hello", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(a, "Hello", "Hello");
        AssertReceived(b, "Hello", "Hello");
    }

    [Fact]
    public async Task SendGroupExcept_SkipsTheExcludedMembers()
    {
        var clients = new[] { await ConnectAsync(First), await ConnectAsync(First), await ConnectAsync(Second), await ConnectAsync(Second) };
        foreach (var client in clients)
        {
            await First.AddToGroupAsync(client.ConnectionId, "room").WaitAsync(TestTimeout);
        }

        await First.SendGroupExceptAsync("room", "Hello", [], [clients[1].ConnectionId, clients[2].ConnectionId]).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(clients[0], "Hello");
        AssertReceived(clients[1]);
        AssertReceived(clients[2]);
        AssertReceived(clients[3], "Hello");
    }

    [Fact]
    public async Task SendGroups_ReachesTheMembersOfEachListedGroup()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        var c = await ConnectAsync(Second);
        await First.AddToGroupAsync(a.ConnectionId, "one").WaitAsync(TestTimeout);
        await First.AddToGroupAsync(b.ConnectionId, "two").WaitAsync(TestTimeout);
        await Second.AddToGroupAsync(c.ConnectionId, "three").WaitAsync(TestTimeout);

        await Second.SendGroupsAsync(["one", "two"], "Hello", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(a, "Hello");
        AssertReceived(b, "Hello");
        AssertReceived(c);
    }

    [Fact]
    public async Task SendUser_ReachesEveryConnectionOfThatUserOnEveryServer()
    {
        var alice1 = await ConnectAsync(First, "alice");
        var alice2 = await ConnectAsync(Second, "alice");
        var bob = await ConnectAsync(Second, "bob");

        await First.SendUserAsync("alice", "ForAlice", []).WaitAsync(TestTimeout);
        await First.SendUserAsync("bob", "ForBob", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(alice1, "ForAlice");
        AssertReceived(alice2, "ForAlice");
        AssertReceived(bob, "ForBob");
    }

    [Fact]
    public async Task SendUsers_ReachesEachListedUser()
    {
        var alice = await ConnectAsync(First, "alice");
        var bob = await ConnectAsync(Second, "bob");
        var carol = await ConnectAsync(First, "carol");

        await Second.SendUsersAsync(["alice", "bob"], "Hello", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceived(alice, "Hello");
        AssertReceived(bob, "Hello");
        AssertReceived(carol);
    }

    [Fact]
    public async Task Disconnect_RemovesTheConnectionFromItsGroupsAndItsUser()
    {
        var a = await ConnectAsync(First, "alice");
        var b = await ConnectAsync(Second, "alice");
        await First.AddToGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);
        await First.AddToGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);

        await DisconnectAsync(b);
        await First.SendGroupAsync("room", "ToRoom", []).WaitAsync(TestTimeout);
        await Second.SendUserAsync("alice", "ToAlice", []).WaitAsync(TestTimeout);
        var c = await ConnectAsync(Second, "alice");
        await First.SendUserAsync("alice", "ToAliceAgain", []).WaitAsync(TestTimeout);

        await FlushAsync();
        AssertReceivedInAnyOrder(a, "ToRoom", "ToAlice", "ToAliceAgain");
        AssertReceived(c, "ToAliceAgain");
        Assert.Empty(b.ReceivePending());
    }

    [Fact]
    public async Task Arguments_RoundTripAsJson_ToConnectionsOnEitherServer()
    {
        var a = await ConnectAsync(First);
        var b = await ConnectAsync(Second);
        object?[] args = [42, "h\u00e9llo \u2713 \"quoted\"\n", null, new { name = "x", nested = new[] { 1, 2 } }, 1.5, true];

        await First.SendAllAsync("Data", args).WaitAsync(TestTimeout);

        await FlushAsync();
        foreach (var client in new[] { a, b })
        {
            var data = Assert.Single(client.TakeReceived());
            Assert.Equal("Data", data.Target);
            Assert.Equal(6, data.Arguments.Count);
            Assert.Equal(42, data.Arguments[0].GetInt32());
            Assert.Equal("h\u00e9llo \u2713 \"quoted\"\n", data.Arguments[1].GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, data.Arguments[2].ValueKind);
            Assert.Equal("x", data.Arguments[3].GetProperty("name").GetString());
            Assert.Equal([1, 2], data.Arguments[3].GetProperty("nested").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(1.5, data.Arguments[4].GetDouble());
            Assert.True(data.Arguments[5].GetBoolean());
        }
    }

    [Fact]
    public async Task SendsFromOneServer_ReachAClientOnTheOtherServerInTheOrderTheyWereMade()
    {
        var a = await ConnectAsync(First, "alice");
        await Second.AddToGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);

        var expected = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var target = $"M{i}";
            expected.Add(target);
            var send = (i % 4) switch
            {
                0 => Second.SendAllAsync(target, []),
                1 => Second.SendGroupAsync("room", target, []),
                2 => Second.SendConnectionAsync(a.ConnectionId, target, []),
                _ => Second.SendUserAsync("alice", target, []),
            };
            await send.WaitAsync(TestTimeout);
        }

        await FlushAsync();
        AssertReceived(a, [.. expected]);
    }

    [Fact]
    public async Task EverySendKind_ReachesEachConnectionExactlyOnce_WhenTheTargetsSpanBothServers()
    {
        var a = await ConnectAsync(First, "alice");
        var b = await ConnectAsync(Second, "alice");
        await First.AddToGroupAsync(a.ConnectionId, "room").WaitAsync(TestTimeout);
        await First.AddToGroupAsync(b.ConnectionId, "room").WaitAsync(TestTimeout);

        string[] kinds = ["All", "Group", "Groups", "User", "Users", "Connections"];
        foreach (var (server, name) in new[] { (First, "first"), (Second, "second") })
        {
            await server.SendAllAsync("All", [name]).WaitAsync(TestTimeout);
            await server.SendGroupAsync("room", "Group", [name]).WaitAsync(TestTimeout);
            await server.SendGroupsAsync(["room"], "Groups", [name]).WaitAsync(TestTimeout);
            await server.SendUserAsync("alice", "User", [name]).WaitAsync(TestTimeout);
            await server.SendUsersAsync(["alice"], "Users", [name]).WaitAsync(TestTimeout);
            await server.SendConnectionsAsync([a.ConnectionId, b.ConnectionId], "Connections", [name]).WaitAsync(TestTimeout);
        }

        await FlushAsync();
        foreach (var client in new[] { a, b })
        {
            // Each server's sends in the order it made them; the two servers' sends interleave freely.
            var received = client.TakeReceived();
            Assert.Equal(kinds, received.Where(r => r.Arguments[0].GetString() == "first").Select(r => r.Target));
            Assert.Equal(kinds, received.Where(r => r.Arguments[0].GetString() == "second").Select(r => r.Target));
            Assert.Equal(kinds.Length * 2, received.Count);
        }
    }

    /// <summary>Makes the two servers; the in-memory manager returns the same one twice.</summary>
    protected abstract Task<(HubLifetimeManager<TestHub> First, HubLifetimeManager<TestHub> Second)> CreateServersAsync();

    protected abstract ValueTask DisposeServersAsync();

    protected async Task<TestClient> ConnectAsync(HubLifetimeManager<TestHub> server, string? userId = null)
    {
        var client = new TestClient($"connection-{Interlocked.Increment(ref _lastClient)}-{Guid.NewGuid():N}", userId);
        _all.Add(client);
        await server.OnConnectedAsync(client.Context).WaitAsync(TestTimeout);
        _connected.Add((client, server));
        return client;
    }

    protected async Task DisconnectAsync(TestClient client)
    {
        var index = _connected.FindIndex(c => c.Client == client);
        var (_, server) = _connected[index];
        _connected.RemoveAt(index);
        await server.OnDisconnectedAsync(client.Context).WaitAsync(TestTimeout);
    }

    /// <summary>
    /// Sends a barrier to everyone from each server and reads every connected client up to both, recording what
    /// came before. Each server's messages reach a client in order, so once a client has both barriers it has
    /// everything sent before them, duplicates included.
    /// </summary>
    protected async Task FlushAsync()
    {
        await First.SendAllAsync(Barrier, [0]).WaitAsync(TestTimeout);
        await Second.SendAllAsync(Barrier, [1]).WaitAsync(TestTimeout);
        foreach (var (client, _) in _connected)
        {
            var barriers = new HashSet<int>();
            while (barriers.Count < 2)
            {
                var received = await client.ReceiveAsync(TestTimeout);
                if (received.Target == Barrier)
                {
                    Assert.True(barriers.Add(received.Arguments[0].GetInt32()), $"{client.ConnectionId} got a barrier twice");
                }
                else
                {
                    client.Record(received);
                }
            }
        }
    }

    protected static void AssertReceived(TestClient client, params string[] targets) =>
        Assert.Equal(targets, client.TakeReceived().Select(r => r.Target));

    /// <summary>For sends from both servers, which are not ordered with each other.</summary>
    protected static void AssertReceivedInAnyOrder(TestClient client, params string[] targets) =>
        Assert.Equal(targets.Order(StringComparer.Ordinal), client.TakeReceived().Select(r => r.Target).Order(StringComparer.Ordinal));
}
