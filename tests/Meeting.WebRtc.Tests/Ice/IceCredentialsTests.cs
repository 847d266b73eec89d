using Meeting.WebRtc.Ice;

namespace Meeting.WebRtc.Tests.Ice;

public sealed class IceCredentialsTests
{
    [Fact]
    public void Generate_GivesValidIceChars_OfTheDocumentedLengths()
    {
        var credentials = IceCredentials.Generate();

        Assert.Equal(8, credentials.UsernameFragment.Length);
        Assert.Equal(24, credentials.Password.Length);
        Assert.True(credentials.IsValid());
        Assert.Matches("^[A-Za-z0-9+/]+$", credentials.UsernameFragment + credentials.Password);
    }

    [Fact]
    public void Generate_GivesDistinctCredentials()
    {
        var all = Enumerable.Range(0, 50).Select(_ => IceCredentials.Generate()).ToList();

        Assert.Equal(50, all.Select(c => c.UsernameFragment).Distinct().Count());
        Assert.Equal(50, all.Select(c => c.Password).Distinct().Count());
    }

    [Theory]
    [InlineData("abcd", "abcdefghijklmnopqrstuv", true)]  // RFC 8839 minimums 4 and 22
    [InlineData("abc", "abcdefghijklmnopqrstuv", false)]
    [InlineData("abcd", "abcdefghijklmnopqrstu", false)]
    [InlineData("ab:d", "abcdefghijklmnopqrstuv", false)]
    [InlineData("abcd", "abcdefghijklmnopqrst=v", false)]
    [InlineData("a+/d", "++++//////aaaa00009999", true)]
    public void IsValid_FollowsRfc8839(string ufrag, string password, bool valid)
    {
        Assert.Equal(valid, new IceCredentials(ufrag, password).IsValid());
    }
}
