using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

public sealed class FirefoxOfferTests
{
    private static SessionDescription Parse()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.FirefoxOffer, out var offer, out var error), error);
        return offer;
    }

    [Fact]
    public void Parse_Session_ReadsSessionLevelFingerprintAndIceOptions()
    {
        var offer = Parse();

        Assert.Equal("mozilla...THIS_IS_SDPARTA-128.0", offer.Origin.Username);
        Assert.Equal(7180943826142063521ul, offer.Origin.SessionId);
        Assert.Equal(0ul, offer.Origin.SessionVersion);
        Assert.Equal("0.0.0.0", offer.Origin.Address);
        Assert.Equal(DtlsFingerprint.Sha256, offer.Fingerprint!.Algorithm);
        Assert.Equal(0x34, offer.Fingerprint.Value[0]);
        Assert.Equal(0x14, offer.Fingerprint.Value[31]);
        Assert.Equal("trickle", offer.IceOptions);
        Assert.Equal("WMS *", offer.MsidSemantic);
        Assert.False(offer.ExtmapAllowMixed);
        Assert.Equal(["0", "1"], offer.BundleGroup!.Mids);
    }

    [Fact]
    public void Parse_Media_FallsBackToSessionFingerprintAndKeepsOwnCredentials()
    {
        var offer = Parse();

        foreach (var media in offer.Media)
        {
            Assert.Null(media.Fingerprint);
            Assert.Same(offer.Fingerprint, offer.FingerprintOf(media));
            Assert.Equal(DtlsSetup.ActPass, offer.SetupOf(media));
            Assert.Equal("3043b026", offer.IceUfragOf(media));
            Assert.Equal("4770f58904dba41ecccc3fc1626e53a1", offer.IcePwdOf(media));
            Assert.Null(media.Rtcp);
            Assert.Empty(media.Candidates);
        }
    }

    [Fact]
    public void Parse_Audio_AssemblesCodecsWhoseFmtpPrecedesRtpmap()
    {
        var audio = Parse().Media[0];

        Assert.Equal(["opus", "G722", "PCMU", "PCMA", "telephone-event"], audio.Codecs.Select(c => c.Name));
        var opus = audio.FindCodec(SdpCodec.Opus)!;
        Assert.Equal(109, opus.PayloadType);
        Assert.Equal(2, opus.Channels);
        Assert.Equal("1", opus.GetParameter("stereo"));
        Assert.Equal("48000", opus.GetParameter("maxplaybackrate"));
        Assert.Equal(1, audio.FindCodec("G722")!.Channels);
        Assert.Equal("0-15", audio.FindCodec(101)!.Parameters);
        Assert.False(audio.RtcpRsize);
    }

    [Fact]
    public void Parse_Audio_ReadsExtmapDirectionsAndMsidLessSsrc()
    {
        var audio = Parse().Media[0];

        Assert.Equal(SdpDirection.RecvOnly, audio.Extensions.Single(e => e.Id == 2).Direction);
        Assert.Null(audio.Extensions.Single(e => e.Id == 1).Direction);
        Assert.Equal(new SdpMsid("{5bd86d40-fc89-4b4a-aa50-df4db4d66a3a}", "{f52ddf5d-6164-49c9-a25a-7605aec6f024}"), audio.Msid);
        var ssrc = Assert.Single(audio.Ssrcs);
        Assert.Equal(new SdpSsrc(3841938571, SdpSsrc.CName, "{9c1e4a2b-7d3f-4e8a-b6c5-1f2e3d4c5b6a}"), ssrc);
        Assert.Null(audio.SsrcAttribute(3841938571, "msid"));
        Assert.Equal(3841938571u, audio.PrimarySsrc);
    }

    [Fact]
    public void Parse_Video_UsesFirefoxPayloadTypes()
    {
        var video = Parse().Media[1];

        Assert.Equal(120, video.FindCodec(SdpCodec.Vp8)!.PayloadType);
        Assert.Equal(121, video.FindCodec(SdpCodec.Vp9)!.PayloadType);
        Assert.Equal(126, video.FindCodec(SdpCodec.H264)!.PayloadType);
        Assert.Equal("1", video.FindCodec(126)!.GetParameter("packetization-mode"));
        Assert.Null(video.FindCodec(97)!.GetParameter("packetization-mode"));
        Assert.Equal(124, video.RtxFor(120)!.PayloadType);
        Assert.Equal(98, video.RtxFor(97)!.PayloadType);
        Assert.Equal(119, video.RtxFor(122)!.PayloadType);
        Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"], video.FindCodec(97)!.FeedbackTypes);
        Assert.Empty(video.FindCodec(SdpCodec.Red)!.FeedbackTypes);
        Assert.Equal(SdpDirection.RecvOnly, video.FindExtension("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay")!.Direction);
        Assert.True(video.RtcpRsize);
    }

    [Fact]
    public void Parse_Video_FindsPrimaryAndRtxSsrcWhenGroupFollowsSsrcLines()
    {
        var video = Parse().Media[1];

        Assert.Equal(1512207466u, video.PrimarySsrc);
        Assert.Equal(2958232398u, video.RtxSsrcFor(1512207466));
        Assert.Null(video.RtxSsrcFor(2958232398));
    }
}
