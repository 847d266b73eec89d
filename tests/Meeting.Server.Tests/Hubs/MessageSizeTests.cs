namespace Meeting.Server.Tests.Hubs;

public sealed class MessageSizeTests
{
    [Fact]
    public async Task Frame_LargerThanTheHubAccepts_ClosesOnlyThatConnection()
    {
        await using var server = new MeetingServerFactory();
        var room = TestRooms.Unique();
        // Raw: the oversized record itself is under test, so it is written by hand.
        var (_, flooder) = await server.ConnectNewRawAsync();
        var (_, bob) = await server.ConnectNewClientAsync();
        await using (flooder)
        await using (bob)
        {
            await flooder.InvokeAsync("Join", room, "Flood");
            await bob.JoinAsync(room, "Bob");

            // SignalR refuses frames over MaximumReceiveMessageSize (payload limit + 16 KiB) before parsing them.
            var send = flooder.SendAsync("Chat", [new string('x', 200 * 1024)]);
            await send.WaitAsync(TimeSpan.FromSeconds(10));
            await flooder.Closed.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.False(await bob.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
            await bob.ChatAsync("still here");
            Assert.Equal("still here", (await bob.Chat.NextAsync()).Text);
        }
    }
}
