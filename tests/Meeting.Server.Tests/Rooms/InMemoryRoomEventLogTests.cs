using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Meeting.Testing;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Tests.Rooms;

public sealed class InMemoryRoomEventLogTests
{
    private static readonly RoomId Room = ParseRoom("room");
    private static readonly PeerId Alice = new("alice");

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Append_WhileTheClockStandsStillOrStepsBack_StillGivesIncreasingIds()
    {
        var log = Create();

        var first = await log.AppendAsync(Room, Chat("a"));
        var sameMillisecond = await log.AppendAsync(Room, Chat("b"));
        _time.Advance(TimeSpan.FromSeconds(-5));
        var clockBack = await log.AppendAsync(Room, Chat("c"));
        _time.Advance(TimeSpan.FromSeconds(10));
        var clockOn = await log.AppendAsync(Room, Chat("d"));

        Assert.Equal(new RoomEventId((ulong)_time.GetUtcNow().AddSeconds(-5).ToUnixTimeMilliseconds(), 0), first);
        Assert.Equal(new RoomEventId(first.Milliseconds, 1), sameMillisecond);
        Assert.Equal(new RoomEventId(first.Milliseconds, 2), clockBack);
        Assert.Equal(new RoomEventId((ulong)_time.GetUtcNow().ToUnixTimeMilliseconds(), 0), clockOn);
    }

    [Fact]
    public async Task Read_ReturnsOnlyTheRoomsEventsAfterTheId_OldestFirst()
    {
        var log = Create();
        var first = await log.AppendAsync(Room, Chat("a"));
        await log.AppendAsync(ParseRoom("elsewhere"), Chat("other room"));
        await log.AppendAsync(Room, Chat("b"));
        await log.AppendAsync(Room, RoomEvent.Left(Alice, _time.GetUtcNow()));

        var page = await log.ReadAsync(Room, first, 100);

        Assert.False(page.Truncated);
        Assert.Equal(["b", null], page.Events.Select(e => e.Event.Text));
        Assert.Equal(RoomEventKind.PeerLeft, page.Events[^1].Event.Kind);
        Assert.Equal(page.Events[^1].Id, await log.LatestAsync(Room));
    }

    [Fact]
    public async Task Read_OfMoreEventsThanAsked_KeepsTheNewestAndSaysTruncated()
    {
        var log = Create();
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(Room, Chat(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var page = await log.ReadAsync(Room, RoomEventId.Zero, 2);

        Assert.True(page.Truncated);
        Assert.Equal(["3", "4"], page.Events.Select(e => e.Event.Text));
    }

    [Fact]
    public async Task AnUnknownRoom_HasNoEvents_AndZeroAsItsNewestId()
    {
        var log = Create();

        Assert.Equal(RoomEventPage.Empty, await log.ReadAsync(Room, RoomEventId.Zero, 10));
        Assert.Equal(RoomEventId.Zero, await log.LatestAsync(Room));
    }

    [Fact]
    public async Task ARoomQuietLongerThanTheIdleTimeout_IsDropped_WhenLaterEventsArrive()
    {
        var log = Create(idleTimeout: TimeSpan.FromMinutes(10));
        await log.AppendAsync(Room, Chat("old"));
        _time.Advance(TimeSpan.FromMinutes(11));

        await log.AppendAsync(ParseRoom("busy"), Chat("new"));

        Assert.Equal(1, log.RoomCount);
        Assert.Equal(RoomEventId.Zero, await log.LatestAsync(Room));
    }

    private InMemoryRoomEventLog Create(int length = 500, TimeSpan? idleTimeout = null)
        => new(_time, Options.Create(new RoomEventLogOptions { Length = length, IdleTimeout = idleTimeout ?? TimeSpan.FromHours(1) }));

    private RoomEvent Chat(string text) => RoomEvent.Chat(Alice, "Alice", text, _time.GetUtcNow());

    private static RoomId ParseRoom(string text) => RoomId.TryParse(text, out var room) ? room : throw new ArgumentException(text);
}
