using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Sdp;

namespace Meeting.Sfu.Internal;

/// <summary>
/// Reads what the server needs from a browser's answer, and refuses an answer it cannot use with
/// <see cref="SfuErrorCodes.InvalidSdp"/>: ICE credentials, a SHA-256 fingerprint, DTLS role "active"
/// (the server is always the DTLS server), and the SSRCs of the tracks the browser sends in a0 and v0.
/// </summary>
internal static class SdpAnswerReader
{
    public static RemoteParameters Read(string sdp)
    {
        if (!SessionDescription.TryParse(sdp, out var answer, out var error))
        {
            throw Invalid(error ?? "the SDP does not parse");
        }

        if (answer.Media.Count == 0)
        {
            throw Invalid("the answer has no m-lines");
        }

        var first = answer.Media[0];
        var ufrag = first.IceUfrag ?? answer.IceUfrag;
        var pwd = first.IcePwd ?? answer.IcePwd;
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            throw Invalid("the answer has no a=ice-ufrag / a=ice-pwd");
        }

        var fingerprint = first.Fingerprint ?? answer.Fingerprint;
        if (fingerprint is null || !string.Equals(fingerprint.Algorithm, DtlsFingerprint.Sha256, StringComparison.OrdinalIgnoreCase)
            || !CertificateFingerprint.TryParse(fingerprint.ToString(), out var certificate) || certificate is null)
        {
            throw Invalid("the answer needs a sha-256 a=fingerprint");
        }

        var setup = first.Setup ?? answer.Setup;
        if (setup is not (DtlsSetup.Active or null))
        {
            throw Invalid("the answer must take a=setup:active: the server is the DTLS server");
        }

        var tracks = new List<PublishedTrack>();
        foreach (var media in answer.Media.Where(m => m.Mid is "a0" or "v0"))
        {
            if (media.Port == 0 || media.Direction is not (SdpDirection.SendOnly or SdpDirection.SendRecv))
            {
                continue;
            }

            var kind = media.Mid == "a0" ? MediaKind.Audio : MediaKind.Video;
            var payloadType = kind == MediaKind.Audio ? RtpCapabilities.OpusPayloadType : RtpCapabilities.VideoPayloadType;
            if (media.FindCodec(payloadType) is null)
            {
                throw Invalid($"m-line {media.Mid} must keep payload type {payloadType} of the offer");
            }

            if (media.PrimarySsrc is not { } ssrc)
            {
                throw Invalid($"m-line {media.Mid} sends but lists no a=ssrc");
            }

            tracks.Add(new PublishedTrack(kind, ssrc, kind == MediaKind.Video ? media.RtxSsrcFor(ssrc) : null));
        }

        var mids = answer.Media.Select(m => m.Mid ?? string.Empty).ToArray();
        return new RemoteParameters(new IceCredentials(ufrag, pwd), certificate, tracks, mids);
    }

    private static SfuException Invalid(string reason) => new(SfuErrorCodes.InvalidSdp, reason);
}
