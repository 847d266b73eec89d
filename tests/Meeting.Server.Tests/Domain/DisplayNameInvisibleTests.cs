using Meeting.Server.Domain;

namespace Meeting.Server.Tests.Domain;

public sealed class DisplayNameInvisibleTests
{
    [Theory]
    [InlineData("A\u200Bda")]
    [InlineData("A\u200Cda")]
    [InlineData("A\u200Dda")]
    [InlineData("Ada\u200E")]
    [InlineData("Ada\u200F")]
    [InlineData("\u202AAda")]
    [InlineData("Ad\u2060a")]
    [InlineData("Ad\u2064a")]
    [InlineData("\u2067Ada\u2069")]
    [InlineData("\uFEFFAda")]
    [InlineData("Ad\u00ADa")]
    [InlineData("Ad\u061Ca")]
    [InlineData("\u3164")]
    [InlineData("A\u115Fda")]
    [InlineData("Ad\u034Fa")]
    public void TryNormalize_RejectsInvisibleAndBidiCharacters(string text) => Assert.False(DisplayName.TryNormalize(text, out _));

    [Fact]
    public void TryNormalize_RejectsTagCharacters()
    {
        // U+E0041 TAG LATIN CAPITAL LETTER A, outside the BMP: built in code, as a surrogate pair.
        Assert.False(DisplayName.TryNormalize("Ada" + char.ConvertFromUtf32(0xE0041), out _));
    }

    [Theory]
    [InlineData("Zoë 🎥")]
    [InlineData("José-María")]
    [InlineData("علي")]
    [InlineData("नमस्ते")]
    public void TryNormalize_KeepsVisibleScriptsAndEmoji(string text) => Assert.True(DisplayName.TryNormalize(text, out _));
}
