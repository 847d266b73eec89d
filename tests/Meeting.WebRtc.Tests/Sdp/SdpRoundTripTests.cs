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
}
