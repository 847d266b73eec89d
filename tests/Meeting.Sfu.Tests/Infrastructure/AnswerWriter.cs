using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Sdp;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>Answers the server's offer the way Chromium does: the same m-lines in order, bundled, its own
/// ICE credentials and fingerprint, a=setup:active; sendonly with a=ssrc (and an RTX FID group for video) in
/// the m-lines it publishes into, recvonly for the others' tracks, inactive for what it neither sends nor gets.</summary>
internal static class AnswerWriter
{
    public static SessionDescription Write(SessionDescription offer, IceCredentials ice, CertificateFingerprint fingerprint,
        string streamId, uint? audioSsrc, (uint Ssrc, uint Rtx)? video)
    {
        if (!DtlsFingerprint.TryParse(fingerprint.ToSdpValue(), out var sdpFingerprint))
        {
            throw new InvalidOperationException("The test certificate's fingerprint does not parse as SDP.");
        }

        var answer = new SessionDescription
        {
            Origin = new SdpOrigin("-", 4611731400430051336, 2, "127.0.0.1"),
            SessionName = "-",
            MsidSemantic = "WMS " + streamId,
        };
        answer.Groups.Add(new SdpGroup(SdpGroup.Bundle, offer.Media.Select(m => m.Mid ?? string.Empty)));
        foreach (var offered in offer.Media)
        {
            var media = new MediaDescription(offered.Kind)
            {
                Connection = "IN IP4 0.0.0.0",
                Mid = offered.Mid,
                IceUfrag = ice.UsernameFragment,
                IcePwd = ice.Password,
                Fingerprint = sdpFingerprint,
                Setup = DtlsSetup.Active,
                RtcpMux = true,
                RtcpRsize = true,
            };
            foreach (var codec in offered.Codecs)
            {
                var copy = media.AddCodec(new SdpCodec(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels, codec.Parameters));
                copy.FeedbackTypes.AddRange(codec.FeedbackTypes);
            }

            media.Extensions.AddRange(offered.Extensions);
            media.Direction = offered.Direction switch
            {
                SdpDirection.SendOnly => SdpDirection.RecvOnly,
                SdpDirection.RecvOnly when offered.Kind == MediaDescription.Audio && audioSsrc is { } ssrc => Publish(media, streamId, "audio", ssrc, null),
                SdpDirection.RecvOnly when offered.Kind == MediaDescription.Video && video is { } v => Publish(media, streamId, "video", v.Ssrc, v.Rtx),
                _ => SdpDirection.Inactive,
            };
            answer.Media.Add(media);
        }

        return answer;
    }

    private static SdpDirection Publish(MediaDescription media, string streamId, string track, uint ssrc, uint? rtx)
    {
        var trackId = $"{streamId}-{track}-track";
        media.Msid = new SdpMsid(streamId, trackId);
        if (rtx is { } rtxSsrc)
        {
            media.SsrcGroups.Add(new SdpSsrcGroup(SdpSsrcGroup.Fid, ssrc, rtxSsrc));
        }

        foreach (var source in rtx is { } r ? new[] { ssrc, r } : [ssrc])
        {
            media.Ssrcs.Add(new SdpSsrc(source, SdpSsrc.CName, streamId));
            media.Ssrcs.Add(new SdpSsrc(source, "msid", $"{streamId} {trackId}"));
        }

        return SdpDirection.SendOnly;
    }
}
