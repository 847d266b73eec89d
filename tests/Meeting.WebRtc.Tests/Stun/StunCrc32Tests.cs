using System.Text;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Tests.Stun;

public sealed class StunCrc32Tests
{
    [Fact]
    public void Compute_OfCheckString_IsPublishedCheckValue()
    {
        // The CRC-32/ISO-HDLC catalogue check value: CRC of the ASCII bytes "123456789".
        Assert.Equal(0xCBF43926u, StunCrc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_OfNothing_IsZero()
    {
        Assert.Equal(0u, StunCrc32.Compute([]));
    }
}
