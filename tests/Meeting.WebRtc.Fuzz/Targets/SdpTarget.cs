using System.Text;
using Meeting.WebRtc.Sdp;
using Meeting.WebRtc.Tests.Sdp;

namespace Meeting.WebRtc.Fuzz.Targets;

/// <summary>Fuzzes the SDP parser and writer: whatever parses must write back to text that parses again
/// and writes back identically; a trickled-candidate string is tried too.</summary>
/// <remarks>The seeds are the browser offers of tests/Meeting.WebRtc.Tests/Sdp/SdpSamples.cs (compiled in
/// here as a linked file) and a small SFU answer.</remarks>
public sealed class SdpTarget : IFuzzTarget
{
    public string Name => "sdp";

    public IReadOnlyList<byte[]> Seeds { get; } =
    [
        Encoding.UTF8.GetBytes(SdpSamples.ChromiumOffer),
        Encoding.UTF8.GetBytes(SdpSamples.FirefoxOffer),
        Encoding.UTF8.GetBytes(SdpSamples.FirefoxOffer.ReplaceLineEndings("\n")),
        Encoding.UTF8.GetBytes(Crlf(SfuAnswer)),
        Encoding.UTF8.GetBytes("candidate:842163049 1 udp 1686052607 203.0.113.7 51234 typ srflx raddr 0.0.0.0 rport 0 generation 0"),
    ];

    public void Run(ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data);
        if (SessionDescription.TryParse(text, out var description, out _))
        {
            var written = description.ToString();
            if (!SessionDescription.TryParse(written, out var again, out var error))
            {
                throw new InvalidOperationException($"written SDP does not parse again: {error}");
            }

            if (again.ToString() != written)
            {
                throw new InvalidOperationException("written SDP is not stable: writing what it parses to changes it");
            }
        }

        if (SdpCandidate.TryParse(text, out var candidate))
        {
            var line = candidate.ToString();
            if (!SdpCandidate.TryParse(line, out var reparsed) || reparsed.ToString() != line)
            {
                throw new InvalidOperationException("written candidate does not parse back to itself");
            }
        }
    }

    private static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";

    private const string SfuAnswer = """
v=0
o=- 8071423340091128151 1 IN IP4 127.0.0.2
s=-
t=0 0
a=group:BUNDLE 0 1
a=msid-semantic:WMS *
a=ice-lite
m=video 40000 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 127.0.0.2
a=ice-ufrag:sfuUfrag0001
a=ice-pwd:sfuPasswordOfTwentyTwoChars0
a=fingerprint:sha-256 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F:20
a=setup:passive
a=mid:0
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=sendonly
a=msid:peer-7 video-7
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=ssrc-group:FID 11111111 22222222
a=ssrc:11111111 cname:sfu
a=ssrc:22222222 cname:sfu
a=candidate:udp1 1 udp 2130706431 127.0.0.2 40000 typ host
a=end-of-candidates
m=application 40000 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 127.0.0.2
a=mid:1
a=sctp-port:5000
a=max-message-size:262144
""";

}
