using Meeting.Server.Rooms;

namespace Meeting.Server.Tests.Rooms;

public sealed class RoomEventIdTests
{
    [Theory]
    [InlineData("0-0", 0UL, 0UL)]
    [InlineData("1700000000000-7", 1700000000000UL, 7UL)]
    [InlineData("18446744073709551615-18446744073709551615", ulong.MaxValue, ulong.MaxValue)]
    public void TryParse_ReadsRedisStreamIds_AndToStringWritesThemBack(string text, ulong milliseconds, ulong sequence)
    {
        Assert.True(RoomEventId.TryParse(text, out var id));
        Assert.Equal(new RoomEventId(milliseconds, sequence), id);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("1--1")]
    [InlineData("1-2-3")]
    [InlineData("1-+2")]
    [InlineData("٣-0")]
    [InlineData("18446744073709551616-0")]
    public void TryParse_RefusesAnythingElse(string? text)
        => Assert.False(RoomEventId.TryParse(text, out _));

    [Fact]
    public void Ids_CompareByMillisecondsThenSequence_NotAsText()
    {
        Assert.True(new RoomEventId(9, 0) < new RoomEventId(10, 0));
        Assert.True(new RoomEventId(10, 2) < new RoomEventId(10, 10));
        Assert.True(new RoomEventId(10, 10) > new RoomEventId(9, 99));
    }
}
