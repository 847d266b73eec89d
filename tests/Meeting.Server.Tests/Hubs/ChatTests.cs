namespace Meeting.Server.Tests.Hubs;

public sealed class ChatTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public ChatTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Chat_ReachesEveryoneInTheRoomIncludingTheSender()
    {
        var room = TestRooms.Unique();
        var (aliceSession, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        var (_, outsider) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        await using (outsider)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");
            await outsider.JoinAsync(TestRooms.Unique(), "Eve");

            await alice.ChatAsync("hello\nworld");

            foreach (var client in new[] { alice, bob })
            {
                var chat = await client.Chat.NextAsync();
                Assert.Equal(aliceSession.PeerId, chat.FromPeerId);
                Assert.Equal("Alice", chat.DisplayName);
                Assert.Equal("hello\nworld", chat.Text);
                Assert.InRange(chat.SentAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
            }

            Assert.False(await outsider.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task Chat_OverTwoThousandCharacters_IsRefusedAndNotDelivered()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            await alice.ChatAsync(new string('x', 2000));
            await bob.Chat.NextAsync();
            await HubAssert.RejectsAsync("payload_too_large", () => alice.ChatAsync(new string('x', 2001)));
            Assert.False(await bob.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    public async Task Chat_WithEmptyOrUnprintableText_IsRefused(string text)
    {
        var (_, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await alice.JoinAsync(TestRooms.Unique(), "Alice");
            await HubAssert.RejectsAsync("invalid_message", () => alice.ChatAsync(text));
        }
    }

    [Fact]
    public async Task Chat_BeforeJoining_IsRefused()
    {
        var (_, alice) = await _server.ConnectNewClientAsync();
        await using (alice)
        {
            await HubAssert.RejectsAsync("not_in_room", () => alice.ChatAsync("hi"));
        }
    }
}
