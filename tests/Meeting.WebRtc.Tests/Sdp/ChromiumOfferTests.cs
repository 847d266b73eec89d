using Meeting.WebRtc.Sdp;

namespace Meeting.WebRtc.Tests.Sdp;

public sealed class ChromiumOfferTests
{
    private static SessionDescription Parse()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.ChromiumOffer, out var offer, out var error), error);
        return offer;
    }

    [Fact]
    public void Parse_Session_ReadsOriginBundleAndSessionAttributes()
    {
        var offer = Parse();

        Assert.Equal(new SdpOrigin("-", 4611731400430051336, 2, "127.0.0.1"), offer.Origin);
        Assert.Equal("-", offer.SessionName);
        Assert.Equal(SdpTiming.Unbounded, offer.Timing);
        var bundle = Assert.Single(offer.Groups);
        Assert.Equal(SdpGroup.Bundle, bundle.Semantics);
        Assert.Equal(["0", "1"], bundle.Mids);
        Assert.True(offer.ExtmapAllowMixed);
        Assert.Equal("WMS 8ca81811-66d2-4876-b2fd-f2022a96fb1a", offer.MsidSemantic);
        Assert.False(offer.IceLite);
        Assert.Null(offer.Fingerprint);
        Assert.Empty(offer.OtherAttributes);
        Assert.Equal([MediaDescription.Audio, MediaDescription.Video], offer.Media.Select(m => m.Kind));
    }

    [Fact]
    public void Parse_Audio_ReadsTransportAndCodecsInMLineOrder()
    {
        var audio = Parse().Media[0];

        Assert.Equal(51234, audio.Port);
        Assert.Equal(MediaDescription.RtpProtocol, audio.Protocol);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal("IN IP4 203.0.113.7", audio.Connection);
        Assert.Equal("9 IN IP4 0.0.0.0", audio.Rtcp);
        Assert.Equal("Hn7c", audio.IceUfrag);
        Assert.Equal("Vb3q9TzL1kMx0pRw7YcN5sDe", audio.IcePwd);
        Assert.Equal("trickle", audio.IceOptions);
        Assert.Equal(DtlsSetup.ActPass, audio.Setup);
        Assert.Equal(SdpSamples.ChromiumFingerprint, audio.Fingerprint!.ToString()[(DtlsFingerprint.Sha256.Length + 1)..]);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.False(audio.RtcpMuxOnly);
        Assert.Equal(["opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event", "telephone-event"], audio.Codecs.Select(c => c.Name));

        var opus = audio.FindCodec("OPUS")!;
        Assert.Equal(111, opus.PayloadType);
        Assert.Equal(48000, opus.ClockRate);
        Assert.Equal(2, opus.Channels);
        Assert.Equal("minptime=10;useinbandfec=1", opus.Parameters);
        Assert.Equal("1", opus.GetParameter("useinbandfec"));
        Assert.Equal(["transport-cc"], opus.FeedbackTypes);
        Assert.Null(audio.FindCodec("G722")!.Channels);
        Assert.Equal("", audio.FindCodec("red")!.GetParameter("111/111"));
    }

    [Fact]
    public void Parse_Audio_ReadsExtmapsMsidSsrcsAndCandidates()
    {
        var audio = Parse().Media[0];

        Assert.Equal([1, 2, 3, 4], audio.Extensions.Select(e => e.Id));
        Assert.Equal(4, audio.FindExtension(SdpExtmap.SdesMid)!.Id);
        Assert.Equal(3, audio.FindExtension(SdpExtmap.TransportWideCc)!.Id);
        Assert.Equal(2, audio.FindExtension(SdpExtmap.AbsSendTime)!.Id);
        Assert.Equal(1, audio.FindExtension(SdpExtmap.SsrcAudioLevel)!.Id);
        Assert.Null(audio.Extensions[0].Direction);
        Assert.Equal(new SdpMsid("8ca81811-66d2-4876-b2fd-f2022a96fb1a", "d1bc52d9-230d-477e-a225-71594720771f"), audio.Msid);
        Assert.Equal(1849235710u, audio.PrimarySsrc);
        Assert.Equal("kD8vQ2sPq7Lr0mZx", audio.SsrcAttribute(1849235710, SdpSsrc.CName));
        Assert.Null(audio.RtxSsrcFor(1849235710));

        Assert.Equal(3, audio.Candidates.Count);
        var host = audio.Candidates[0];
        Assert.Equal("2911634736", host.Foundation);
        Assert.Equal(2122260223u, host.Priority);
        Assert.Equal("0c7d1e2f-3a4b-4c5d-8e9f-a0b1c2d3e4f5.local", host.Address);
        Assert.Equal(SdpCandidate.Host, host.Type);
        Assert.Equal([new("generation", "0"), new("network-id", "1"), new("network-cost", "10")], host.Extensions);
        var srflx = audio.Candidates[1];
        Assert.Equal(("0.0.0.0", 0), (srflx.RelatedAddress, srflx.RelatedPort));
        Assert.Equal("active", audio.Candidates[2].TcpType);
        Assert.True(audio.Candidates[2].IsTcp);
        Assert.False(audio.EndOfCandidates);
    }

    [Fact]
    public void Parse_Video_PairsEveryRtxWithItsCodec()
    {
        var video = Parse().Media[1];

        Assert.Equal(13, video.Codecs.Count);
        Assert.Equal(["VP8", "rtx", "VP9", "rtx", "VP9", "rtx", "AV1", "rtx", "H264", "rtx", "red", "rtx", "ulpfec"],
            video.Codecs.Select(c => c.Name));
        foreach (var (media, rtx) in new (byte, byte)[] { (96, 97), (98, 99), (100, 101), (45, 46), (102, 103), (114, 115) })
        {
            Assert.Equal(rtx, video.RtxFor(media)!.PayloadType);
            Assert.Equal(media, video.FindCodec(rtx)!.AssociatedPayloadType);
        }

        var vp8 = video.FindCodec(SdpCodec.Vp8)!;
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], vp8.FeedbackTypes);
        Assert.True(vp8.HasFeedback("NACK PLI"));
        Assert.Null(vp8.Parameters);
        Assert.Null(vp8.AssociatedPayloadType);
        var h264 = video.FindCodec(SdpCodec.H264)!;
        Assert.Equal("42001f", h264.GetParameter("profile-level-id"));
        Assert.Equal("1", h264.ParameterMap["packetization-mode"]);
        Assert.Equal("2", video.FindCodec(100)!.GetParameter("profile-id"));
        Assert.Equal("5", video.FindCodec(SdpCodec.Av1)!.GetParameter("level-idx"));
        Assert.Empty(video.FindCodec(SdpCodec.Ulpfec)!.FeedbackTypes);
    }

    [Fact]
    public void Parse_Video_ReadsExtmapsAndFidGroup()
    {
        var video = Parse().Media[1];

        Assert.Equal([14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11], video.Extensions.Select(e => e.Id));
        Assert.Equal(10, video.FindExtension(SdpExtmap.SdesRtpStreamId)!.Id);
        Assert.Equal(11, video.FindExtension(SdpExtmap.SdesRepairedRtpStreamId)!.Id);
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal(SdpSsrcGroup.Fid, fid.Semantics);
        Assert.Equal([2734017398u, 3108844471u], fid.Ssrcs);
        Assert.Equal(4, video.Ssrcs.Count);
        Assert.Equal(2734017398u, video.PrimarySsrc);
        Assert.Equal(3108844471u, video.RtxSsrcFor(2734017398));
        Assert.Equal([2734017398u, 3108844471u], video.SsrcsOf(SdpSsrcGroup.Fid));
        Assert.Equal([2734017398u, 3108844471u], video.DistinctSsrcs);
        Assert.Equal("8ca81811-66d2-4876-b2fd-f2022a96fb1a 47469a4d-8cdb-405f-9d2e-16096e36aab0",
            video.SsrcAttribute(3108844471, "msid"));
        Assert.Empty(video.Candidates);
        Assert.Empty(video.OtherAttributes);
    }
}
