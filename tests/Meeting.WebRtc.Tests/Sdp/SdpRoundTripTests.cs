using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

public sealed class SdpRoundTripTests
{
    public static TheoryData<string> Samples => new()
    {
        nameof(SdpSamples.ChromiumOffer),
        nameof(SdpSamples.FirefoxOffer),
        nameof(SdpSamples.Rfc8866Example),
        nameof(SdpSamples.Rfc8839Example),
    };

    private static string Sample(string name) =>
        (string)typeof(SdpSamples).GetField(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Samples))]
    public void ToString_ThenParse_GivesAnEqualModel(string sample)
    {
        Assert.True(SessionDescription.TryParse(Sample(sample), out var first, out var error), error);

        var written = first.ToString();

        Assert.True(SessionDescription.TryParse(written, out var second, out error), error);
        Assert.Equal(ModelDump.Of(first), ModelDump.Of(second));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void ToString_IsStable(string sample)
    {
        Assert.True(SessionDescription.TryParse(Sample(sample), out var first));
        var written = first.ToString();
        Assert.True(SessionDescription.TryParse(written, out var second));

        Assert.Equal(written, second.ToString());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_WithLfLineEnds_GivesTheSameModelAsCrlf(string sample)
    {
        var crlf = Sample(sample);
        Assert.True(SessionDescription.TryParse(crlf, out var withCrlf));
        Assert.True(SessionDescription.TryParse(crlf.Replace("\r\n", "\n"), out var withLf, out var error), error);

        Assert.Equal(ModelDump.Of(withCrlf), ModelDump.Of(withLf));
    }

    [Fact]
    public void ToString_WritesCrlfOnly()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.FirefoxOffer.Replace("\r\n", "\n"), out var offer));

        var written = offer.ToString();

        Assert.EndsWith("\r\n", written);
        Assert.Equal(written.Count(c => c == '\n'), written.Split("\r\n").Length - 1);
    }

    [Fact]
    public void ToString_WritesChromiumOrderInEachSection()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.FirefoxOffer, out var offer));
        var lines = offer.ToString().Split("\r\n");
        var video = lines.Skip(Array.FindIndex(lines, l => l.StartsWith("m=video", StringComparison.Ordinal))).ToArray();

        string[] order = ["m=", "c=", "a=ice-ufrag", "a=ice-pwd", "a=mid", "a=extmap", "a=sendrecv", "a=msid", "a=rtcp-mux",
            "a=rtcp-rsize", "a=rtpmap:120", "a=rtcp-fb:120", "a=fmtp:120", "a=rtpmap:124", "a=fmtp:124", "a=ssrc-group", "a=ssrc:"];
        var positions = order.Select(prefix => Array.FindIndex(video, l => l.StartsWith(prefix, StringComparison.Ordinal))).ToArray();

        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.StartsWith("v=0\r\no=mozilla", offer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_KeepsUnknownAttributesInOrder()
    {
        var text = SdpSamples.ChromiumOffer.Replace(
            "a=rtcp-rsize\r\na=rtpmap:96",
            "a=rtcp-rsize\r\na=rid:h send\r\na=rid:l send max-width=320\r\na=simulcast:send h;l\r\na=rtcp-fb:* nack\r\na=rtpmap:96",
            StringComparison.Ordinal);
        Assert.True(SessionDescription.TryParse(text, out var offer, out var error), error);

        var video = offer.Media[1];
        Assert.Equal(["h send", "l send max-width=320"], video.OtherValues("rid"));
        Assert.Equal(new SdpAttribute("simulcast", "send h;l"), video.OtherAttributes[2]);
        Assert.Equal(new SdpAttribute("rtcp-fb", "* nack"), video.OtherAttributes[3]);
        Assert.Contains("a=rid:l send max-width=320\r\na=simulcast:send h;l\r\na=rtcp-fb:* nack\r\n", offer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DataChannelSection_ReadsSctpAttributesAndWritesNoDirection()
    {
        const string text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);

        var data = Assert.Single(sdp.Media);
        Assert.Equal((MediaDescription.Application, MediaDescription.SctpProtocol), (data.Kind, data.Protocol));
        Assert.Equal([MediaDescription.DataChannelFormat], data.Formats);
        Assert.False(data.IsRtp);
        Assert.Empty(data.Codecs);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144ul, data.MaxMessageSize);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void Parse_SessionLevelDirection_IsTheDefaultOfSectionsWithoutOne()
    {
        const string text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=recvonly\r\n" +
            "m=audio 9 RTP/AVP 0\r\nm=audio 9 RTP/AVP 0\r\na=inactive\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sendrecv\r\n";
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);

        Assert.Equal(SdpDirection.RecvOnly, sdp.Direction);
        Assert.Equal([SdpDirection.RecvOnly, SdpDirection.Inactive, SdpDirection.SendRecv], sdp.Media.Select(m => m.Direction));
        Assert.True(SessionDescription.TryParse(sdp.ToString(), out var again));
        Assert.Equal(ModelDump.Of(sdp), ModelDump.Of(again));
    }

    [Fact]
    public void Parse_SecondFingerprintAndMsid_AreKeptRaw()
    {
        var text = SdpSamples.ChromiumOffer.Replace(
            "a=setup:actpass\r\na=mid:0\r\n",
            "a=setup:actpass\r\na=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\na=mid:0\r\na=msid:other track\r\n",
            StringComparison.Ordinal);
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);

        var audio = sdp.Media[0];
        Assert.Equal(DtlsFingerprint.Sha256, audio.Fingerprint!.Algorithm);
        Assert.Equal("other", audio.Msid!.StreamId);
        Assert.Equal(["fingerprint", "msid"], audio.OtherAttributes.Select(a => a.Name));
        Assert.True(SessionDescription.TryParse(sdp.ToString(), out var again));
        Assert.Equal(ModelDump.Of(sdp), ModelDump.Of(again));
    }
}
