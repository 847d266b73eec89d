using System.Text;
using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

public sealed class SdpMalformedTests
{
    private const string Session = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private const string Audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n";

    private static string Fails(string text)
    {
        var parsed = SessionDescription.TryParse(text, out var description, out var error);

        Assert.False(parsed);
        Assert.Null(description);
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void Parse_Minimal_Succeeds()
    {
        Assert.True(SessionDescription.TryParse(Session + Audio, out var sdp, out var error), error);
        Assert.Equal("opus", sdp.Media[0].Codecs[0].Name);
    }

    [Theory]
    [InlineData("o=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "line 1:")]
    [InlineData("\r\n\r\nx=0\r\n", "line 3:")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "line 1:")]
    [InlineData("", "line 1:")]
    public void Parse_WithoutVersionZeroFirst_NamesTheLine(string text, string line) =>
        Assert.StartsWith(line, Fails(text), StringComparison.Ordinal);

    [Theory]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", "o=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nt=0 0\r\n", "s=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n", "t=")]
    public void Parse_MissingRequiredSessionLine_SaysWhich(string text, string missing) =>
        Assert.Contains("no " + missing, Fails(text), StringComparison.Ordinal);

    [Theory]
    [InlineData("m=audio abc UDP/TLS/RTP/SAVPF 111\r\n", 5, "port")]
    [InlineData("m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", 5, "port")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF\r\n", 5, "m=")]
    [InlineData("m=audio\r\n", 5, "m=")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111 x\r\n", 5, "payload type")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", 5, "payload type")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111 111\r\n", 5, "twice")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:96 VP8/90000\r\n", 6, "does not list")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fmtp:96 apt=111\r\n", 6, "does not list")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtcp-fb:96 nack\r\n", 6, "does not list")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fmtp:111 minptime=10\r\n", 6, "no a=rtpmap")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus\r\n", 6, "rtpmap")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/fast\r\n", 6, "clock rate")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:111 opus/48000/2\r\n", 7, "second")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ssrc:abc cname:x\r\n", 6, "32-bit")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ssrc:4294967296 cname:x\r\n", 6, "32-bit")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ssrc:1\r\n", 6, "source attribute")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ssrc-group:FID 1 x\r\n", 6, "32-bit")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:0 urn:x\r\n", 6, "1-255")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:256 urn:x\r\n", 6, "1-255")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:4096 urn:x\r\n", 6, "1-255")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1/sideways urn:x\r\n", 6, "direction")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1\r\n", 6, "URI")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n", 7, "twice")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:maybe\r\n", 6, "setup")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 AB:CD\r\n", 6, "fingerprint")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:abc\r\n", 6, "ice-ufrag")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-pwd:short\r\n", 6, "ice-pwd")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp\r\n", 6, "candidate")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtcp-mux:yes\r\n", 6, "no value")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid\r\n", 6, "needs a value")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendonly\r\na=recvonly\r\n", 7, "direction")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nt=0 0\r\n", 6, "not allowed")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4\r\n", 6, "c=")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n", 8, "already used")]
    [InlineData("a=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n", 5, "mid '1'")]
    [InlineData("q=what\r\n", 5, "unknown line type")]
    [InlineData("a\r\n", 5, "<type>=<value>")]
    [InlineData("a=\r\n", 5, "attribute name")]
    [InlineData("o=- 2 2 IN IP4 127.0.0.1\r\n", 5, "second o=")]
    [InlineData("b=AS:lots\r\n", 5, "b=")]
    [InlineData("a=fo\0o\r\n", 5, "NUL")]
    public void Parse_Malformed_ReturnsFalseNamingTheLine(string tail, int line, string what)
    {
        var error = Fails(Session + tail);

        Assert.StartsWith($"line {line}: ", error, StringComparison.Ordinal);
        Assert.Contains(what, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("o=- x 1 IN IP4 127.0.0.1")]
    [InlineData("o=- 1 1 IN IP4")]
    [InlineData("o=- 18446744073709551616 1 IN IP4 127.0.0.1")]
    [InlineData("t=0")]
    [InlineData("t=now 0")]
    public void Parse_MalformedSessionLine_NamesLineTwoOrFour(string replacement)
    {
        var text = replacement[0] == 'o'
            ? Session.Replace("o=- 1 1 IN IP4 127.0.0.1", replacement, StringComparison.Ordinal)
            : Session.Replace("t=0 0", replacement, StringComparison.Ordinal);

        Assert.Matches("^line [24]: ", Fails(text));
    }

    [Fact]
    public void Parse_TextOverTheLimit_ReturnsFalse()
    {
        var padding = string.Concat(Enumerable.Repeat("a=x-padding:" + new string('p', 100) + "\r\n", 700));
        Assert.True(Encoding.UTF8.GetByteCount(Session + padding) > SessionDescription.MaxTextBytes);

        Assert.Contains("longer than 65536 bytes", Fails(Session + padding), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MultiByteTextOverTheByteLimit_ReturnsFalse()
    {
        var padding = "a=x-padding:" + new string('é', SessionDescription.MaxTextBytes / 2) + "\r\n";
        Assert.True((Session + padding).Length < SessionDescription.MaxTextBytes);

        Assert.Contains("longer than", Fails(Session + padding), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyLines_ReturnsFalse()
    {
        var lines = string.Concat(Enumerable.Repeat("a=x\r\n", SessionDescription.MaxLines));

        Assert.Contains($"more than {SessionDescription.MaxLines} lines", Fails(Session + lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyMediaSections_ReturnsFalse()
    {
        var sections = new StringBuilder(Session);
        for (var i = 0; i <= SessionDescription.MaxMediaSections; i++)
        {
            sections.Append("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:").Append(i).Append("\r\n");
        }

        Assert.True(SessionDescription.TryParse(Session + string.Concat(Enumerable.Range(0, 64).Select(i => $"m=audio 9 RTP/AVP 0\r\na=mid:{i}\r\n")), out _));
        Assert.Contains("more than 64 m-sections", Fails(sections.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyFormats_ReturnsFalse()
    {
        var formats = string.Join(' ', Enumerable.Range(0, SessionDescription.MaxCodecsPerMedia + 1));

        Assert.Contains("more than 64", Fails(Session + $"m=video 9 UDP/TLS/RTP/SAVPF {formats}\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ReturnsFalse() => Assert.False(SessionDescription.TryParse(null, out _, out _));

    [Fact]
    public void Parse_EveryTruncationOfTheOffers_NeverThrows()
    {
        foreach (var sample in new[] { SdpSamples.ChromiumOffer, SdpSamples.FirefoxOffer })
        {
            // Every third cut keeps the test quick; cuts at, before and after each line end are all covered.
            for (var length = 0; length < sample.Length; length += sample[length] is '\r' or '\n' ? 1 : 3)
            {
                var text = sample[..length];
                if (SessionDescription.TryParse(text, out var parsed, out var error))
                {
                    Assert.True(SessionDescription.TryParse(parsed.ToString(), out _, out error), error);
                }
                else
                {
                    Assert.Matches("^line [0-9]+: |written canonically", error!);
                }
            }
        }
    }

    [Fact]
    public void Parse_RandomlyMutatedOffers_NeverThrowAndWhatParsesParsesAgain()
    {
        var random = new Random(8866);
        var alphabet = " :/=\r\n0123456789abcdefmv-*.".ToCharArray();
        for (var i = 0; i < 1500; i++)
        {
            var text = (i % 2 == 0 ? SdpSamples.ChromiumOffer : SdpSamples.FirefoxOffer).ToCharArray();
            for (var edits = random.Next(1, 8); edits > 0; edits--)
            {
                text[random.Next(text.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            if (SessionDescription.TryParse(new string(text), out var parsed))
            {
                var written = parsed.ToString();
                Assert.True(SessionDescription.TryParse(written, out var again, out var error), error);
                Assert.Equal(written, again.ToString());
            }
        }
    }
}
