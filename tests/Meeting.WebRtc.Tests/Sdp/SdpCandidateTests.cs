using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

public sealed class SdpCandidateTests
{
    [Theory]
    [InlineData("candidate:2911634736 1 udp 2122260223 0c7d1e2f-3a4b-4c5d-8e9f-a0b1c2d3e4f5.local 51234 typ host generation 0 network-id 1 network-cost 10")]
    [InlineData("candidate:842163049 1 udp 1686052607 203.0.113.7 51234 typ srflx raddr 192.168.1.20 rport 51234 generation 0")]
    [InlineData("candidate:0 1 UDP 2122252543 192.168.1.20 60012 typ host")]
    [InlineData("candidate:3 1 UDP 92217087 198.51.100.9 3478 typ relay raddr 198.51.100.9 rport 50555")]
    [InlineData("candidate:3715846298 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active generation 0")]
    [InlineData("candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998")]
    [InlineData("candidate:1 2 udp 2130706430 fe80::1 40000 typ host")]
    public void ToString_AfterParse_GivesTheSameText(string text)
    {
        Assert.True(SdpCandidate.TryParse(text, out var candidate, out var error), error);

        Assert.Equal(text, candidate.ToString());
    }

    [Fact]
    public void TryParse_Srflx_ReadsEveryField()
    {
        Assert.True(SdpCandidate.TryParse(
            "candidate:842163049 1 udp 1686052607 203.0.113.7 51234 typ srflx raddr 192.168.1.20 rport 51234 generation 0 ufrag Hn7c",
            out var candidate));

        Assert.Equal("842163049", candidate.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.True(candidate.IsUdp);
        Assert.Equal(1686052607u, candidate.Priority);
        Assert.Equal(("203.0.113.7", 51234), (candidate.Address, candidate.Port));
        Assert.Equal(SdpCandidate.ServerReflexive, candidate.Type);
        Assert.Equal(("192.168.1.20", 51234), (candidate.RelatedAddress, candidate.RelatedPort));
        Assert.Null(candidate.TcpType);
        Assert.Equal([new("generation", "0"), new("ufrag", "Hn7c")], candidate.Extensions);
    }

    [Theory]
    [InlineData("a=candidate:1 1 udp 2130706431 127.0.0.2 40000 typ host")]
    [InlineData("candidate:1 1 udp 2130706431 127.0.0.2 40000 typ host")]
    [InlineData("1 1 udp 2130706431 127.0.0.2 40000 typ host")]
    [InlineData("a=candidate:1 1 udp 2130706431 127.0.0.2 40000 typ host\r\n")]
    public void TryParse_TrickledForms_AllReadTheSameCandidate(string text)
    {
        Assert.True(SdpCandidate.TryParse(text, out var candidate));

        Assert.Equal("candidate:1 1 udp 2130706431 127.0.0.2 40000 typ host", candidate.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("candidate:")]
    [InlineData("candidate:1 1 udp 2130706431 127.0.0.2 40000 host")]
    [InlineData("candidate:1 0 udp 2130706431 127.0.0.2 40000 typ host")]
    [InlineData("candidate:1 257 udp 2130706431 127.0.0.2 40000 typ host")]
    [InlineData("candidate:1 1 udp 4294967296 127.0.0.2 40000 typ host")]
    [InlineData("candidate:1 1 udp -1 127.0.0.2 40000 typ host")]
    [InlineData("candidate:1 1 udp 1 127.0.0.2 65536 typ host")]
    [InlineData("candidate:1 1 udp 1 127.0.0.2 x typ host")]
    [InlineData("candidate:1 1 udp 1 127.0.0.2 9 typ host generation")]
    [InlineData("candidate:1 1 udp 1 127.0.0.2 9 typ srflx raddr 1.2.3.4 rport 99999")]
    [InlineData("candidate:1 1 udp 1 127.0.0.2 9 typ srflx raddr 1.2.3.4 raddr 1.2.3.5")]
    [InlineData("candidate:a:b 1 udp 1 127.0.0.2 9 typ host")]
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 127.0.0.2 9 typ host")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(SdpCandidate.TryParse(text, out var candidate, out var error));
        Assert.Null(candidate);
        Assert.NotNull(error);
    }

    [Fact]
    public void ToString_BuiltInCode_WritesRelatedAddressAndTcpType()
    {
        var candidate = new SdpCandidate
        {
            Foundation = "4", Transport = "tcp", Priority = 1518280447, Address = "127.0.0.2", Port = 443, Type = SdpCandidate.Relayed,
            RelatedAddress = "10.0.0.1", RelatedPort = 5000, TcpType = "passive",
        };

        Assert.Equal("candidate:4 1 tcp 1518280447 127.0.0.2 443 typ relay raddr 10.0.0.1 rport 5000 tcptype passive", candidate.ToString());
    }
}
