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
            var dotnetJoin = await dotnet.InvokeAsync("Join", room, "Dotnet");
            Assert.Equal(0, dotnetJoin.GetProperty("peers").GetArrayLength());

            await using var node = NodeParticipant.Start(_server.BaseAddress, room, "Node");
            var nodeJoin = await node.WaitForEventAsync("joined");
            var nodePeerId = nodeJoin.GetProperty("peerId").GetString()!;
            Assert.Equal(nodeJoin.GetProperty("sessionPeerId").GetString(), nodePeerId);
            Assert.Equal(room, nodeJoin.GetProperty("room").GetString());
            Assert.Equal("e2e", nodeJoin.GetProperty("site").GetString());
            var roster = Assert.Single(nodeJoin.GetProperty("peers").EnumerateArray());
            Assert.Equal(dotnetSession.PeerId, roster.GetProperty("peerId").GetString());
            Assert.Equal("Dotnet", roster.GetProperty("displayName").GetString());

            var joined = await dotnet.WaitForAsync("PeerJoined", timeout: Timeout);
            Assert.Equal(nodePeerId, joined.GetProperty("peerId").GetString());
            Assert.Equal("Node", joined.GetProperty("displayName").GetString());

            await dotnet.InvokeAsync("Chat", "hello from .NET");
            var toNode = await node.WaitForEventAsync("Chat", m => Text(m) == "hello from .NET");
            Assert.Equal(dotnetSession.PeerId, toNode.GetProperty("fromPeerId").GetString());
            Assert.Equal("Dotnet", toNode.GetProperty("displayName").GetString());
            Assert.True(toNode.GetProperty("sentAt").TryGetDateTimeOffset(out _));

            await node.SendAsync(new { chat = "hello from Node" });
            var toDotnet = await dotnet.WaitForAsync("Chat", m => Text(m) == "hello from Node", Timeout);
            Assert.Equal(nodePeerId, toDotnet.GetProperty("fromPeerId").GetString());
            Assert.Equal("Node", toDotnet.GetProperty("displayName").GetString());
            var echo = await node.WaitForEventAsync("Chat", m => Text(m) == "hello from Node");
            Assert.Equal(nodePeerId, echo.GetProperty("fromPeerId").GetString());

            await node.SendAsync(new { leave = true });
            var left = await dotnet.WaitForAsync("PeerLeft", timeout: Timeout);
            Assert.Equal(nodePeerId, left.GetProperty("peerId").GetString());
            Assert.Equal(0, await node.WaitForExitAsync());
        }
    }

    private static string? Text(JsonElement message) => message.GetProperty("text").GetString();
}
