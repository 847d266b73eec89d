using Meeting.WebRtc.Srtp;

namespace Meeting.WebRtc.Fuzz.Targets;

/// <summary>Fuzzes SRTP/SRTCP with fresh sessions per input (the low bit of the first byte picks the
/// profile): the input as received SRTP and SRTCP must be refused or accepted without throwing, and the
/// input as plain RTP and RTCP, once protected, must unprotect on a peer session to the same bytes.</summary>
public sealed class SrtpTarget : IFuzzTarget
{
    private const int Slack = 32;

    private static readonly byte[] MasterKey = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] MasterSalt = [.. Enumerable.Range(0xA0, 14).Select(i => (byte)i)];

    public string Name => "srtp";

    public IReadOnlyList<byte[]> Seeds { get; } =
    [
        // RTP, PT 96, seq 0x1234, one CSRC, a one-word extension, 8 bytes of payload
        [0x91, 0x60, 0x12, 0x34, 0xDE, 0xCA, 0xFB, 0xAD, 0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x01,
         0xBE, 0xDE, 0x00, 0x01, 0x10, 0xAA, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8],
        // the same with the GCM bit set in byte 0's low bit (CC = 1 stays, profile flips)
        [0x90, 0x60, 0x12, 0x34, 0xDE, 0xCA, 0xFB, 0xAD, 0xCA, 0xFE, 0xBA, 0xBE,
         0xBE, 0xDE, 0x00, 0x01, 0x10, 0xAA, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8],
        // RTCP receiver report header with its SSRC, then 12 more bytes
        [0x81, 0xC9, 0x00, 0x04, 0x00, 0x00, 0x00, 0x07, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        // an SRTCP-looking packet: header, body, E || index 5, 10-byte tag
        [0x80, 0xC8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07, 0x80, 0x00, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];

    public void Run(ReadOnlySpan<byte> data)
    {
        SrtpProfile profile = !data.IsEmpty && (data[0] & 1) != 0 ? SrtpProfile.AeadAes128Gcm : SrtpProfile.Aes128CmHmacSha1_80;
        byte[] salt = MasterSalt[..SrtpProfiles.GetMasterSaltLength(profile)];
        using var sender = new SrtpSession(profile, MasterKey, salt);
        using var receiver = new SrtpSession(profile, MasterKey, salt);
        var buffer = new byte[data.Length + Slack];

        data.CopyTo(buffer);
        Expect(receiver.UnprotectRtp(buffer, data.Length, out int plain), plain, data.Length);
        data.CopyTo(buffer);
        Expect(receiver.UnprotectRtcp(buffer, data.Length, out plain), plain, data.Length);

        data.CopyTo(buffer);
        if (sender.ProtectRtp(buffer, data.Length, out int protectedLength) == SrtpStatus.Ok)
        {
            RoundTrip(receiver.UnprotectRtp(buffer, protectedLength, out plain), buffer, plain, data, "RTP");
        }

        data.CopyTo(buffer);
        if (sender.ProtectRtcp(buffer, data.Length, out protectedLength) == SrtpStatus.Ok)
        {
            RoundTrip(receiver.UnprotectRtcp(buffer, protectedLength, out plain), buffer, plain, data, "RTCP");
        }
    }

    private static void Expect(SrtpStatus status, int plainLength, int length)
    {
        if (status == SrtpStatus.Ok ? plainLength >= length : plainLength != 0)
        {
            throw new InvalidOperationException($"Unprotect returned {status} with a plain length of {plainLength}.");
        }
    }

    private static void RoundTrip(SrtpStatus status, byte[] buffer, int plainLength, ReadOnlySpan<byte> original, string kind)
    {
        if (status != SrtpStatus.Ok || !buffer.AsSpan(0, plainLength).SequenceEqual(original))
        {
            throw new InvalidOperationException($"A protected {kind} packet did not unprotect to itself ({status}).");
        }
    }
}
