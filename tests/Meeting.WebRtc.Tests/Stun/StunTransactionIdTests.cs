using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Tests.Stun;

public sealed class StunTransactionIdTests
{
    [Fact]
    public void CopyTo_ReturnsTheConstructorBytes()
    {
        byte[] bytes = Rfc5769Tests.Hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");
        var copy = new byte[12];

        new StunTransactionId(bytes).CopyTo(copy);

        Assert.Equal(bytes, copy);
    }

    [Fact]
    public void Equality_ComparesAllTwelveBytes()
    {
        byte[] a = Rfc5769Tests.Hex("00 00 00 00 00 00 00 00 00 00 00 01");
        byte[] b = Rfc5769Tests.Hex("00 00 00 00 00 00 00 00 00 00 00 02");
        byte[] c = Rfc5769Tests.Hex("01 00 00 00 00 00 00 00 00 00 00 01");

        Assert.Equal(new StunTransactionId(a), new StunTransactionId(a));
        Assert.True(new StunTransactionId(a) == new StunTransactionId(a));
        Assert.True(new StunTransactionId(a) != new StunTransactionId(b));
        Assert.NotEqual(new StunTransactionId(a), new StunTransactionId(c));
        Assert.Equal(new StunTransactionId(a).GetHashCode(), new StunTransactionId(a).GetHashCode());
    }

    [Fact]
    public void NewRandom_GivesDistinctIds()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => StunTransactionId.NewRandom()).ToHashSet();

        Assert.Equal(100, ids.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(13)]
    public void Constructor_WrongLength_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => new StunTransactionId(new byte[length]));
    }
}
