using System.Text;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Tests.Stun;
using static Meeting.WebRtc.Tests.Ice.IceTestClient;

namespace Meeting.WebRtc.Tests.Ice;

/// <summary>Finding the agent for a datagram on a shared port, by the local ufrag.</summary>
public sealed class IceLiteAgentRoutingTests
{
    [Fact]
    public void TryReadLocalUsernameFragment_OfACheck_IsOurUfrag()
    {
        Assert.True(IceLiteAgent.TryReadLocalUsernameFragment(Check(Server), out var ufrag));

        Assert.Equal(Server.UsernameFragment, Encoding.ASCII.GetString(ufrag));
    }

    [Fact]
    public void TryReadLocalUsernameFragment_OfRfc5769Request_IsEvtj()
    {
        Assert.True(IceLiteAgent.TryReadLocalUsernameFragment(Rfc5769Tests.SampleRequest(), out var ufrag));

        Assert.Equal("evtj", Encoding.ASCII.GetString(ufrag));
    }

    [Theory]
    [InlineData(":brws")]
    [InlineData("nocolon")]
    public void TryReadLocalUsernameFragment_WithoutALocalPart_ReturnsFalse(string username)
    {
        Assert.False(IceLiteAgent.TryReadLocalUsernameFragment(Check(Server, username: username), out _));
    }

    [Fact]
    public void TryReadLocalUsernameFragment_OfNonStun_ReturnsFalse()
    {
        Assert.False(IceLiteAgent.TryReadLocalUsernameFragment([0x80, 0x60, 0, 1, 0, 0, 0, 0], out _));
        Assert.False(IceLiteAgent.TryReadLocalUsernameFragment(Check(Server, withUsername: false), out _));
    }
}
