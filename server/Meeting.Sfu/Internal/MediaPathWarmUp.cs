using System.Security.Cryptography;
using Meeting.WebRtc.Rtcp;
using Meeting.WebRtc.Rtp;
using Meeting.WebRtc.Srtp;

namespace Meeting.Sfu.Internal;

/// <summary>
/// Runs the per-packet path (SRTP both ways and both profiles, RTP parsing, congestion feedback) a few
/// hundred times when the server starts, so the first publisher is not served by cold code. Measured:
/// on a cold server the first publisher's bandwidth probe failed and Chromium's estimate stayed near
/// its 300 kbit/s start for the whole call (the fake camera sends less than the estimate, so nothing
/// probes again); on a warm one the same page reached 4 Mbit/s at once.
/// </summary>
internal static class MediaPathWarmUp
{
    private const int Rounds = 300;

    public static void Run()
    {
        foreach (var profile in new[] { SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80 })
        {
            var key = RandomNumberGenerator.GetBytes(SrtpProfiles.GetMasterKeyLength(profile));
            var salt = RandomNumberGenerator.GetBytes(SrtpProfiles.GetMasterSaltLength(profile));
            using var sender = new SrtpSession(profile, key, salt);
            using var receiver = new SrtpSession(profile, key, salt);
            var feedback = new TransportFeedbackBuilder();
            var packet = new byte[1300];
            var extension = new byte[8];
            var value = new byte[2];
            for (var i = 0; i < Rounds; i++)
            {
                TransportWideSequenceNumberExtension.Write(value, (ushort)i);
                var writer = new RtpExtensionWriter(extension, twoByte: false);
                writer.Add(RtpCapabilities.TransportWideCcId, value);
                var block = writer.Finish();
                var header = RtpPacketWriter.WriteHeader(packet, RtpCapabilities.VideoPayloadType, false, (ushort)i, (uint)(i * 3000), 0x1234, default, extension.AsSpan(0, block));
                var length = header + 1000;
                sender.ProtectRtp(packet, length, out var protectedLength);
                receiver.UnprotectRtp(packet, protectedLength, out var plainLength);
                if (RtpHeader.TryParse(packet.AsSpan(0, plainLength), out var parsed)
                    && TransportWideSequenceNumberExtension.TryRead(packet.AsSpan(0, plainLength), parsed, RtpCapabilities.TransportWideCcId, out var sequence))
                {
                    feedback.OnPacket(sequence, TimeSpan.FromMilliseconds(i));
                }

                if (i % 10 == 9)
                {
                    var rtcp = feedback.BuildFeedback(packet.AsSpan(0, 1200), RtpCapabilities.ServerSsrc, 0x1234);
                    if (rtcp > 0)
                    {
                        sender.ProtectRtcp(packet, rtcp, out var protectedRtcp);
                        receiver.UnprotectRtcp(packet, protectedRtcp, out _);
                    }
                }
            }
        }
    }
}
