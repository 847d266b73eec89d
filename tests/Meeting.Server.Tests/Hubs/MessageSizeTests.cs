namespace Meeting.Server.Tests.Hubs;

public sealed class MessageSizeTests
{
    [Fact]
    public async Task Frame_LargerThanTheHubAccepts_ClosesOnlyThatConnection()
    {
        await using var server = new MeetingServerFactory();
        var room = TestRooms.Unique();
        var (_, flooder) = await server.ConnectNewAsync();
        var (_, bob) = await server.ConnectNewAsync();
        await using (flooder)
        await using (bob)
        {
            await flooder.InvokeAsync("Join", room, "Flood");
            await bob.InvokeAsync("Join", room, "Bob");

            // SignalR refuses frames over MaximumReceiveMessageSize (payload limit + 16 KiB) before parsing them.
            var send = flooder.SendAsync("Chat", [new string('x', 200 * 1024)]);
            await send.WaitAsync(TimeSpan.FromSeconds(10));
            await flooder.Closed.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.False(await bob.ReceivesWithinAsync("Chat", TimeSpan.FromMilliseconds(300)));
            await bob.InvokeAsync("Chat", "still here");
            Assert.Equal("still here", (await bob.WaitForAsync("Chat")).GetProperty("text").GetString());
        }
    }
}
