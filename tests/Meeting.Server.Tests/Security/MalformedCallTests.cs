using System.Text;

namespace Meeting.Server.Tests.Security;

/// <summary>Calls a hostile script makes by hand: each is refused with a code, and the connection stays. The
/// hand-written frames go through the raw client; the well-formed traffic around them through the typed one.</summary>
public sealed class MalformedCallTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public MalformedCallTests(MeetingServerFactory server) => _server = server;

    [Fact]
    public async Task Signal_WithAPayloadNested63Deep_IsInvalidPayload_AndTheConnectionStays()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewRawAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.JoinAsync(room, "Bob");

            var payload = Nested(63);
            Assert.True(payload.Length < 500, "the attack is a few hundred bytes");
            await HubAssert.RejectsAsync("invalid_payload", () => alice.InvokeRawAsync("Signal", $"[\"{bobSession.PeerId}\",{payload}]"));

            Assert.False(await bob.Signal.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200)));
            Assert.False(alice.Closed.IsCompleted);
            await alice.InvokeAsync("Signal", bobSession.PeerId, new { candidate = "still here" });
            Assert.Equal("still here", (await bob.Signal.NextAsync()).Payload.GetProperty("candidate").GetString());
        }
    }

    [Fact]
    public async Task Signal_WithArgumentsBeforeTheTarget_AndADeepPayload_IsInvalidPayload()
    {
        var (_, alice) = await _server.ConnectNewRawAsync();
        await using (alice)
        {
            await alice.InvokeAsync("Join", TestRooms.Unique(), "Alice");

            // JSON members come in any order; SignalR then reads the arguments only after the whole record.
            var frame = $"{{\"arguments\":[\"x\",{Nested(100)}],\"type\":1,\"invocationId\":\"deep\",\"target\":\"Signal\"}}";
            await HubAssert.RejectsAsync("invalid_payload", () => alice.InvokeFrameAsync(frame, "deep"));
            await alice.InvokeAsync("Chat", "still here");
        }
    }

    [Fact]
    public async Task Signal_WithAModeratelyNestedPayload_IsRelayed()
    {
        var room = TestRooms.Unique();
        var (_, alice) = await _server.ConnectNewRawAsync();
        var (bobSession, bob) = await _server.ConnectNewClientAsync();
        await using (alice)
        await using (bob)
        {
            await alice.InvokeAsync("Join", room, "Alice");
            await bob.JoinAsync(room, "Bob");

            await alice.InvokeRawAsync("Signal", $"[\"{bobSession.PeerId}\",{Nested(20)}]");

            Assert.True((await bob.Signal.NextAsync()).Payload.TryGetProperty("a", out _));
        }
    }

    [Theory]
    [InlineData("Join", "[\"room-only\"]")]
    [InlineData("Join", "[\"a\",\"b\",\"c\"]")]
    [InlineData("Join", "[42,{\"name\":\"Ada\"}]")]
    [InlineData("Chat", "[[\"not\",\"text\"]]")]
    [InlineData("NoSuchMethod", "[]")]
    public async Task Call_WithTheWrongArguments_IsInvalidMessage_AndTheConnectionStays(string target, string arguments)
    {
        var (_, client) = await _server.ConnectNewRawAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_message", () => client.InvokeRawAsync(target, arguments));

            await client.InvokeAsync("Join", TestRooms.Unique(), "Ada");
        }
    }

    [Theory]
    [InlineData("A\u200Bda")]
    [InlineData("Ada\u200F")]
    [InlineData("\u2066Ada\u2069")]
    [InlineData("Ad\u2060a")]
    [InlineData("\uFEFFAda")]
    [InlineData("\u3164")]
    public async Task Join_WithInvisibleCharactersInTheName_IsInvalidName(string name)
    {
        var (_, client) = await _server.ConnectNewClientAsync();
        await using (client)
        {
            await HubAssert.RejectsAsync("invalid_name", () => client.JoinAsync(TestRooms.Unique(), name));
        }
    }

    /// <summary><c>{"a":{"a":...{}}}</c>, <paramref name="levels"/> objects deep.</summary>
    private static string Nested(int levels)
    {
        var text = new StringBuilder();
        for (var i = 1; i < levels; i++)
        {
            text.Append("{\"a\":");
        }

        text.Append("{}");
        text.Append('}', levels - 1);
        return text.ToString();
    }
}
