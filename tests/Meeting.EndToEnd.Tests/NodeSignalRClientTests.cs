using System.Text.Json;
using Meeting.EndToEnd.Tests.Infrastructure;

namespace Meeting.EndToEnd.Tests;

/// <summary>The official <c>@microsoft/signalr</c> client under Node and a .NET client on the documented
/// JSON hub protocol, in one room of the real server over real sockets.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NodeSignalRClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly KestrelMeetingServer _server;

    public NodeSignalRClientTests(KestrelMeetingServer server) => _server = server;

    [Fact]
    public async Task NodeClient_WithTokenFromAccessTokenFactory_JoinsAndChatsBothWaysWithDotNetClient()
    {
        var room = TestRooms.Unique("node");
        var (dotnetSession, dotnet) = await _server.ConnectNewAsync();
        await using (dotnet)
        {
            var dotnetJoin = await dotnet.JoinAsync(room, "Dotnet");
            Assert.Empty(dotnetJoin.Peers);

            await using var node = NodeParticipant.Start(_server.BaseAddress, room, "Node");
            var nodeJoin = await node.WaitForEventAsync("joined");
            var nodePeerId = nodeJoin.GetProperty("peerId").GetString()!;
            Assert.Equal(nodeJoin.GetProperty("sessionPeerId").GetString(), nodePeerId);
            Assert.Equal(room, nodeJoin.GetProperty("room").GetString());
            Assert.Equal("e2e", nodeJoin.GetProperty("site").GetString());
            var roster = Assert.Single(nodeJoin.GetProperty("peers").EnumerateArray());
            Assert.Equal(dotnetSession.PeerId, roster.GetProperty("peerId").GetString());
            Assert.Equal("Dotnet", roster.GetProperty("displayName").GetString());

            var joined = await dotnet.PeerJoined.NextAsync(timeout: Timeout);
            Assert.Equal(nodePeerId, joined.PeerId);
            Assert.Equal("Node", joined.DisplayName);

            await dotnet.ChatAsync("hello from .NET");
            var toNode = await node.WaitForEventAsync("Chat", m => Text(m) == "hello from .NET");
            Assert.Equal(dotnetSession.PeerId, toNode.GetProperty("fromPeerId").GetString());
            Assert.Equal("Dotnet", toNode.GetProperty("displayName").GetString());
            Assert.True(toNode.GetProperty("sentAt").TryGetDateTimeOffset(out _));

            await node.SendAsync(new { chat = "hello from Node" });
            var toDotnet = await dotnet.Chat.NextAsync(m => m.Text == "hello from Node", Timeout);
            Assert.Equal(nodePeerId, toDotnet.FromPeerId);
            Assert.Equal("Node", toDotnet.DisplayName);
            var echo = await node.WaitForEventAsync("Chat", m => Text(m) == "hello from Node");
            Assert.Equal(nodePeerId, echo.GetProperty("fromPeerId").GetString());

            await node.SendAsync(new { leave = true });
            var left = await dotnet.PeerLeft.NextAsync(timeout: Timeout);
            Assert.Equal(nodePeerId, left.PeerId);
            Assert.Equal(0, await node.WaitForExitAsync());
        }
    }

    private static string? Text(JsonElement message) => message.GetProperty("text").GetString();
}
