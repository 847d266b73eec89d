using Meeting.Testing;
using Meeting.Testing.Hub;

namespace Meeting.Server.Tests.Hubs;

public sealed class RateLimitTests : IClassFixture<RateLimitTests.StrictServer>
{
    private readonly MeetingServerFactory _server;

    public RateLimitTests(StrictServer server) => _server = server.Factory;

    [Fact]
    public async Task Calls_BeyondTheBurst_AreRefusedAndNotDelivered()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewClientAsync();
        var (_, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.JoinAsync(room, "Alice");
            await bob.JoinAsync(room, "Bob");

            var (accepted, refused) = await FloodAsync(alice, 12);

            // Join spent one of the five tokens; at one per second, a slow machine may earn one or two more.
            Assert.InRange(accepted.Count, 4, 7);
            Assert.NotEmpty(refused);
            foreach (var text in accepted)
            {
                await bob.Chat.NextAsync(m => m.Text == text);
            }

            Assert.False(await bob.Chat.ArrivesWithinAsync(TimeSpan.FromMilliseconds(300), m => refused.Contains(m.Text!)));
        }
    }

    [Fact]
    public async Task Limits_ArePerConnection()
    {
        var (_, flooder) = await _server.ConnectNewClientAsync();
        var (_, quiet) = await _server.ConnectNewClientAsync();
        await using (flooder)
        await using (quiet)
        {
            await flooder.JoinAsync(TestRooms.Unique(), "Flood");
            var (_, refused) = await FloodAsync(flooder, 12);
            Assert.NotEmpty(refused);

            await quiet.JoinAsync(TestRooms.Unique(), "Quiet");
            await quiet.ChatAsync("hello");
            var chat = await quiet.Chat.NextAsync();
            Assert.Equal("hello", chat.Text);
        }
    }

    private static async Task<(List<string> Accepted, HashSet<string> Refused)> FloodAsync(MeetingHubClient client, int count)
    {
        var accepted = new List<string>();
        var refused = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var text = $"message {i}";
            try
            {
                await client.ChatAsync(text);
                accepted.Add(text);
            }
            catch (HubCallException error) when (error.Code == "rate_limited")
            {
                refused.Add(text);
            }
        }

        return (accepted, refused);
    }

    public sealed class StrictServer : IDisposable
    {
        public MeetingServerFactory Factory { get; } = new MeetingServerFactory()
            .With("Meeting:Limits:MessageBurst", "5")
            .With("Meeting:Limits:MessagesPerSecond", "1");

        public void Dispose() => Factory.Dispose();
    }
}
