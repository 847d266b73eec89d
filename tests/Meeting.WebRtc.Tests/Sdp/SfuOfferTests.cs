using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

/// <summary>An offer as the SFU builds it in code: ice-lite, one sendonly video with an RTX SSRC, one
/// recvonly audio, host candidates on 127.0.0.2.</summary>
public sealed class SfuOfferTests
{
    private static readonly DtlsFingerprint Fingerprint = new(DtlsFingerprint.Sha256, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static SessionDescription Build()
    {
        var offer = new SessionDescription
        {
            Origin = new SdpOrigin("-", 8071423340091128151, 1, "127.0.0.2"),
            IceLite = true,
            MsidSemantic = "WMS *",
            ExtmapAllowMixed = true,
        };
        offer.Groups.Add(new SdpGroup(SdpGroup.Bundle, "0", "1"));

        var video = new MediaDescription(MediaDescription.Video, 40000)
        {
            Connection = "IN IP4 127.0.0.2",
            Mid = "0",
            Direction = SdpDirection.SendOnly,
            IceUfrag = "sfuUfrag0001",
            IcePwd = "sfuPasswordOfTwentyTwoChars0",
            Fingerprint = Fingerprint,
            Setup = DtlsSetup.ActPass,
            RtcpMux = true,
            RtcpRsize = true,
            Msid = new SdpMsid("peer-7", "video-7"),
            EndOfCandidates = true,
        };
        var vp8 = video.AddCodec(new SdpCodec(96, SdpCodec.Vp8, 90000));
        vp8.FeedbackTypes.AddRange(["nack", "nack pli", "ccm fir", "transport-cc"]);
        video.AddCodec(SdpCodec.CreateRtx(97, 96));
        video.Extensions.Add(new SdpExtmap(4, SdpExtmap.SdesMid));
        video.Extensions.Add(new SdpExtmap(3, SdpExtmap.TransportWideCc));
        video.SsrcGroups.Add(new SdpSsrcGroup(SdpSsrcGroup.Fid, 11111111, 22222222));
        video.Ssrcs.Add(new SdpSsrc(11111111, SdpSsrc.CName, "sfu"));
        video.Ssrcs.Add(new SdpSsrc(22222222, SdpSsrc.CName, "sfu"));
        video.Candidates.Add(new SdpCandidate { Foundation = "udp1", Priority = 2130706431, Address = "127.0.0.2", Port = 40000 });
        video.Candidates.Add(new SdpCandidate
        {
            Foundation = "tcp1", Transport = "tcp", Priority = 1694498815, Address = "127.0.0.2", Port = 40001, TcpType = "passive",
        });

        var audio = new MediaDescription(MediaDescription.Audio, 40000)
        {
            Connection = "IN IP4 127.0.0.2",
            Mid = "1",
            Direction = SdpDirection.RecvOnly,
            IceUfrag = video.IceUfrag,
            IcePwd = video.IcePwd,
            Fingerprint = Fingerprint,
            Setup = DtlsSetup.ActPass,
            RtcpMux = true,
        };
        var opus = audio.AddCodec(new SdpCodec(111, SdpCodec.Opus, 48000, 2, "minptime=10;useinbandfec=1"));
        opus.FeedbackTypes.Add("transport-cc");
        audio.Extensions.Add(new SdpExtmap(1, SdpExtmap.SsrcAudioLevel, SdpDirection.RecvOnly));
        audio.Candidates.Add(new SdpCandidate { Foundation = "udp1", Priority = 2130706431, Address = "127.0.0.2", Port = 40000 });

        offer.Media.Add(video);
        offer.Media.Add(audio);
        return offer;
    }

    [Fact]
    public void ToString_ThenParse_ReadsBackWhatWasBuilt()
    {
        var text = Build().ToString();

        Assert.True(SessionDescription.TryParse(text, out var parsed, out var error), error);
        Assert.True(parsed.IceLite);
        Assert.Equal(["0", "1"], parsed.BundleGroup!.Mids);
        var video = parsed.FindMedia("0")!;
        Assert.Equal((MediaDescription.Video, 40000, SdpDirection.SendOnly), (video.Kind, video.Port, video.Direction));
        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal(Fingerprint, video.Fingerprint);
        Assert.Equal(11111111u, video.PrimarySsrc);
        Assert.Equal(22222222u, video.RtxSsrcFor(11111111));
        Assert.Equal(96, video.FindCodec(SdpCodec.Rtx)!.AssociatedPayloadType);
        Assert.Equal(["nack", "nack pli", "ccm fir", "transport-cc"], video.FindCodec(96)!.FeedbackTypes);
        Assert.All(video.Candidates, c => Assert.Equal("127.0.0.2", c.Address));
        Assert.Equal("passive", video.Candidates[1].TcpType);
        Assert.True(video.EndOfCandidates);
        var audio = parsed.FindMedia("1")!;
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.Empty(audio.Ssrcs);
        Assert.Null(audio.PrimarySsrc);
        Assert.Equal(SdpDirection.RecvOnly, audio.Extensions[0].Direction);
        Assert.Equal(ModelDump.Of(Build()), ModelDump.Of(parsed));
    }

    [Fact]
    public void ToString_WritesTheLinesABrowserExpects()
    {
        var text = Build().ToString();

        Assert.Contains("\r\na=ice-lite\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nm=video 40000 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 127.0.0.2\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\na=ssrc-group:FID 11111111 22222222\r\na=ssrc:11111111 cname:sfu\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\na=candidate:udp1 1 udp 2130706431 127.0.0.2 40000 typ host\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\na=candidate:tcp1 1 tcp 1694498815 127.0.0.2 40001 typ host tcptype passive\r\na=end-of-candidates\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\na=extmap:1/recvonly urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\na=fingerprint:sha-256 01:02:03:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ListsCodecsAddedWithoutFormats()
    {
        var media = new MediaDescription(MediaDescription.Video) { Mid = "0" };
        media.Codecs.Add(new SdpCodec(100, SdpCodec.H264, 90000));
        var sdp = new SessionDescription();
        sdp.Media.Add(media);

        Assert.True(SessionDescription.TryParse(sdp.ToString(), out var parsed, out var error), error);
        Assert.Equal(["100"], parsed.Media[0].Formats);
        Assert.Equal(SdpCodec.H264, parsed.Media[0].Codecs[0].Name);
    }
}
