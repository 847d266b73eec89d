using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Sdp;

namespace Meeting.Sfu.Internal;

/// <summary>
/// Writes the server's offer for a transport: ICE-lite, one host candidate on the site's announced IP
/// and shared port, every m-line bundled on it; the peer's own tracks as recvonly m-lines, the others'
/// tracks as sendonly ones with their SSRCs and msid (stream = the other peer's id).
/// </summary>
internal static class SdpOfferWriter
{
    public static string Write(WebRtcTransport transport, WebRtcServer server, DtlsCertificate certificate)
    {
        var address = server.AnnouncedAddress.ToString();
        var ipVersion = server.AnnouncedAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        DtlsFingerprint.TryParse(certificate.Fingerprint.ToSdpValue(), out var fingerprint);
        var offer = new SessionDescription
        {
            Origin = new SdpOrigin("meeting", SessionIdOf(transport), (ulong)transport.Negotiation.Revision, address) { AddressType = ipVersion },
            SessionName = "-",
            IceLite = true,
            MsidSemantic = "WMS *",
        };
        offer.Groups.Add(new SdpGroup(SdpGroup.Bundle, transport.Slots.Select(s => s.Mid)));
        foreach (var slot in transport.Slots)
        {
            var media = new MediaDescription(slot.Kind == MediaKind.Audio ? MediaDescription.Audio : MediaDescription.Video, server.AnnouncedPort)
            {
                Connection = $"IN {ipVersion} {address}",
                Mid = slot.Mid,
                IceUfrag = transport.LocalIce.UsernameFragment,
                IcePwd = transport.LocalIce.Password,
                Fingerprint = fingerprint,
                Setup = DtlsSetup.ActPass,
                RtcpMux = true,
                RtcpRsize = true,
                Direction = slot.Receives ? SdpDirection.RecvOnly : slot.Consumer is null ? SdpDirection.Inactive : SdpDirection.SendOnly,
            };
            AddCodecs(media, slot);
            if (slot.Receives)
            {
                media.Extensions.Add(new SdpExtmap(RtpCapabilities.TransportWideCcId, SdpExtmap.TransportWideCc));
            }
            else if (slot.Consumer is { } consumer)
            {
                AddSource(media, consumer.Producer);
            }

            media.Candidates.Add(new SdpCandidate
            {
                Foundation = "1",
                Component = 1,
                Transport = "udp",
                // RFC 8445 §5.1.2.1 with type preference 126 (host), local preference 65535, component 1.
                Priority = (126u << 24) | (65535u << 8) | 255u,
                Address = address,
                Port = server.AnnouncedPort,
                Type = SdpCandidate.Host,
            });
            media.EndOfCandidates = true;
            offer.Media.Add(media);
        }

        return offer.ToString();
    }

    private static void AddCodecs(MediaDescription media, MediaSlot slot)
    {
        if (slot.Kind == MediaKind.Audio)
        {
            var opus = media.AddCodec(new SdpCodec(RtpCapabilities.OpusPayloadType, SdpCodec.Opus, 48000, 2, RtpCapabilities.OpusParameters));
            if (slot.Receives)
            {
                opus.FeedbackTypes.Add("transport-cc");
            }

            return;
        }

        var vp8 = media.AddCodec(new SdpCodec(RtpCapabilities.VideoPayloadType, SdpCodec.Vp8, 90000));
        vp8.FeedbackTypes.AddRange(slot.Receives ? ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"] : ["ccm fir", "nack", "nack pli"]);
        media.AddCodec(SdpCodec.CreateRtx(RtpCapabilities.VideoRtxPayloadType, RtpCapabilities.VideoPayloadType));
    }

    private static void AddSource(MediaDescription media, Producer producer)
    {
        var stream = producer.Transport.PeerId;
        media.Msid = new SdpMsid(stream, producer.TrackId);
        if (producer.RtxSsrc is { } rtx)
        {
            media.SsrcGroups.Add(new SdpSsrcGroup(SdpSsrcGroup.Fid, producer.Ssrc, rtx));
        }

        foreach (var ssrc in producer.RtxSsrc is { } r ? new[] { producer.Ssrc, r } : [producer.Ssrc])
        {
            media.Ssrcs.Add(new SdpSsrc(ssrc, SdpSsrc.CName, stream));
            media.Ssrcs.Add(new SdpSsrc(ssrc, "msid", $"{stream} {producer.TrackId}"));
        }
    }

    // The o= line's session id stays the same for every offer of a transport (RFC 8866 §5.2), its version grows.
    private static ulong SessionIdOf(WebRtcTransport transport) => (ulong)(uint)transport.Id.GetHashCode(StringComparison.Ordinal) + 1;
}
