using Meeting.Server.Domain;

namespace Meeting.Server.Tests.Domain;

public sealed class DisplayNameTests
{
    [Theory]
    [InlineData("Alice", "Alice")]
    [InlineData("  Bob  ", "Bob")]
    [InlineData("Zoë 🎥", "Zoë 🎥")]
    [InlineData("李小龍", "李小龍")]
    public void TryNormalize_AcceptsPrintableNamesAndTrimsThem(string text, string expected)
    {
        Assert.True(DisplayName.TryNormalize(text, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Al\u0000ice")]
    [InlineData("Line\nbreak")]
    [InlineData("evil\u202Eecnalab")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void TryNormalize_RejectsEmptyOverlongAndUnprintableNames(string? text) => Assert.False(DisplayName.TryNormalize(text, out _));

    [Fact]
    public void TryNormalize_RejectsLoneSurrogates()
    {
        // Built in code: xunit's data serialisation would turn a lone surrogate into U+FFFD.
        Assert.False(DisplayName.TryNormalize("lone" + '\uD800' + "high", out _));
        Assert.False(DisplayName.TryNormalize("lone" + '\uDC00' + "low", out _));
    }
}
