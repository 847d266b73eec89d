namespace Meeting.Server.Tests.Hubs;

public sealed class ChatTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public ChatTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Chat_ReachesEveryoneInTheRoomIncludingTheSender()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        var (_, outsider) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        await using (outsider)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");
            await outsider.InvokeAsync("Join", TestRooms.Unique(), "Eve");

            await alice.InvokeAsync("Chat", "hello\nworld");

            foreach (var client in new[] { alice, bob })
            {
                var chat = await client.WaitForAsync("Chat");
                Assert.Equal(aliceSession.PeerId, chat.GetProperty("fromPeerId").GetString());
                Assert.Equal("Alice", chat.GetProperty("displayName").GetString());
                Assert.Equal("hello\nworld", chat.GetProperty("text").GetString());
                Assert.InRange(chat.GetProperty("sentAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
            }

            Assert.False(await outsider.ReceivesWithinAsync("Chat", TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task Chat_OverTwoThousandCharacters_IsRefusedAndNotDelivered()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewAsync();
        var (_, bob) = await _server.ConnectNewAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.InvokeAsync("Join", room, "Bob");

            await alice.InvokeAsync("Chat", new string('x', 2000));
            await bob.WaitForAsync("Chat");
            await HubAssert.RejectsAsync("payload_too_large", () => alice.InvokeAsync("Chat", new string('x', 2001)));
            Assert.False(await bob.ReceivesWithinAsync("Chat", TimeSpan.FromMilliseconds(300)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    public async Task Chat_WithEmptyOrUnprintableText_IsRefused(string text)
    {
        var (_, alice) = await _server.ConnectNewAsync();
        await using (alice)
        {
            await alice.InvokeAsync("Join", TestRooms.Unique(), "Alice");
            await HubAssert.RejectsAsync("invalid_message", () => alice.InvokeAsync("Chat", text));
        }
    }

    [Fact]
    public async Task Chat_BeforeJoining_IsRefused()
    {
        var (_, alice) = await _server.ConnectNewAsync();
        await using (alice)
        {
            await HubAssert.RejectsAsync("not_in_room", () => alice.InvokeAsync("Chat", "hi"));
        }
    }
}
