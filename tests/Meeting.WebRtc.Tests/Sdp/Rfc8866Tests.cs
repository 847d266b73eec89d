using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

/// <summary>The example descriptions of RFC 8866 §5 and RFC 8839 §4.2.6, literal.</summary>
public sealed class Rfc8866Tests
{
    [Fact]
    public void Parse_Rfc8866Section5Example_ReadsEveryLine()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.Rfc8866Example, out var sdp, out var error), error);

        Assert.Equal(new SdpOrigin("jdoe", 3724394400, 3724394405, "198.51.100.1"), sdp.Origin);
        Assert.Equal("Call to John Smith", sdp.SessionName);
        Assert.Equal(["i=SDP Offer #1", "u=http://www.jdoe.example.com/home.html", "e=Jane Doe <jane@jdoe.example.com>", "p=+1 617 555-6011"],
            sdp.OtherLines);
        Assert.Equal("IN IP4 198.51.100.1", sdp.Connection);
        Assert.Equal([49170, 49180, 51372], sdp.Media.Select(m => m.Port));
        Assert.Equal("RTP/AVP", sdp.Media[0].Protocol);
        Assert.Null(sdp.Media[0].Connection);
        Assert.Equal("IN IP6 2001:db8::2", sdp.Media[2].Connection);
        var h263 = Assert.Single(sdp.Media[2].Codecs);
        Assert.Equal(("h263-1998", 90000, (int?)null), (h263.Name, h263.ClockRate, h263.Channels));
    }

    [Fact]
    public void Parse_StaticPayloadTypeWithoutRtpmap_TakesItsCodecFromRfc3551()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.Rfc8866Example, out var sdp));

        var pcmu = Assert.Single(sdp.Media[0].Codecs);
        Assert.Equal((0, "PCMU", 8000), (pcmu.PayloadType, pcmu.Name, pcmu.ClockRate));
        Assert.Equal(SdpDirection.SendRecv, sdp.Media[1].Direction);
    }

    [Fact]
    public void ToString_Rfc8866Example_KeepsLineTypesInGrammarOrder()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.Rfc8866Example, out var sdp));

        Assert.StartsWith(
            "v=0\r\no=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\ns=Call to John Smith\r\ni=SDP Offer #1\r\n" +
            "u=http://www.jdoe.example.com/home.html\r\ne=Jane Doe <jane@jdoe.example.com>\r\np=+1 617 555-6011\r\n" +
            "c=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=sendrecv\r\na=rtpmap:0 PCMU/8000\r\n",
            sdp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Rfc8839Example_ReadsSessionLevelIceAndCandidates()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.Rfc8839Example, out var sdp, out var error), error);

        Assert.Equal("", sdp.SessionName);
        Assert.Equal("8hhY", sdp.IceUfrag);
        Assert.Equal("asd88fgpdd777uzjYhagZg", sdp.IcePwd);
        Assert.Equal("ice2", sdp.IceOptions);
        Assert.Equal(new SdpAttribute("ice-pacing", "50"), Assert.Single(sdp.OtherAttributes));
        var audio = Assert.Single(sdp.Media);
        Assert.Equal("8hhY", sdp.IceUfragOf(audio));
        Assert.Equal([new SdpBandwidth("RS", 0), new SdpBandwidth("RR", 0)], audio.Bandwidths);
        Assert.Equal(2, audio.Candidates.Count);
        Assert.Equal("candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998", audio.Candidates[1].ToString());
    }
}
