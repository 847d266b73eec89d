using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Sdp;

namespace Meeting.Sfu.Bench.Peer;

/// <summary>
/// The answer a browser would give to the SFU's offer, built with the SDP model: the same m-lines and
/// mids in order, the offer's payload types kept (RFC 3264 §6.1), a=setup:active (the server is the DTLS
/// server), this peer's ICE credentials and fingerprint. A publisher sends in a0 and v0 (sendonly, with
/// a=ssrc and the transport-wide-cc extension the offer asked for); every other m-line is received.
/// </summary>
internal static class AnswerBuilder
{
    public static string Build(SessionDescription offer, IceCredentials ice, CertificateFingerprint fingerprint, uint? audioSsrc, uint? videoSsrc)
    {
        if (!DtlsFingerprint.TryParse(fingerprint.ToSdpValue(), out var sdpFingerprint))
        {
            throw new InvalidOperationException("the bench certificate's fingerprint does not parse");
        }

        var answer = new SessionDescription
        {
            Origin = new SdpOrigin("bench", 1, 1, "127.0.0.1"),
            SessionName = "-",
            MsidSemantic = "WMS *",
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

            var sends = offered.Mid switch
            {
                "a0" => audioSsrc,
                "v0" => videoSsrc,
                _ => null,
            };
            if (sends is { } ssrc)
            {
                media.Direction = SdpDirection.SendOnly;
                media.Ssrcs.Add(new SdpSsrc(ssrc, SdpSsrc.CName, "bench"));
                media.Extensions.AddRange(offered.Extensions);
            }
            else
            {
                media.Direction = offered.Direction switch
                {
                    SdpDirection.SendOnly => SdpDirection.RecvOnly,
                    SdpDirection.Inactive => SdpDirection.Inactive,
                    _ => SdpDirection.RecvOnly,
                };
            }

            answer.Media.Add(media);
        }

        return answer.ToString();
    }
}
