using Meeting.Server.Domain;

namespace Meeting.Server.Tests.Domain;

public sealed class RoomIdTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("team-standup")]
    [InlineData("0123456789")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_AcceptsLowercaseDigitsAndDashesUpTo64(string text)
    {
        Assert.True(RoomId.TryParse(text, out var id));
        Assert.Equal(text, id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Team")]
    [InlineData("team standup")]
    [InlineData("team_standup")]
    [InlineData("café")]
    [InlineData("../etc")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_RejectsAnythingElse(string? text) => Assert.False(RoomId.TryParse(text, out _));
}
