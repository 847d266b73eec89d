using System.Buffers.Binary;

namespace Meeting.WebRtc.Tests.Srtp;

/// <summary>Hex decoding and plain RTP/RTCP packets for the SRTP tests.</summary>
internal static class SrtpTestPackets
{
    /// <summary>Room after a packet for any profile's trailer.</summary>
    public const int Slack = 32;

    public static readonly byte[] MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    public static readonly byte[] MasterSalt14 = Hex("0EC675AD498AFEEBB6960B3AABE6");
    public static readonly byte[] MasterSalt12 = Hex("0EC675AD498AFEEBB6960B3A");

    public static byte[] Hex(string text) =>
        Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));

    public static byte[] Salt(Meeting.WebRtc.Srtp.SrtpProfile profile) =>
        Meeting.WebRtc.Srtp.SrtpProfiles.GetMasterSaltLength(profile) == 14 ? MasterSalt14 : MasterSalt12;

    /// <summary>An RTP packet (with optional CSRCs and a header extension) in a buffer with <see cref="Slack"/> spare bytes.</summary>
    public static byte[] RtpPacket(uint ssrc, ushort sequence, int payloadLength, int csrcCount = 0, int extensionWords = 0, byte fill = 0xAB)
    {
        int header = 12 + (4 * csrcCount) + (extensionWords > 0 ? 4 + (4 * extensionWords) : 0);
        var packet = new byte[header + payloadLength + Slack];
        packet[0] = (byte)(0x80 | (extensionWords > 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0xDECAFBAD);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12 + (4 * i)), 0x1000u + (uint)i);
        }

        if (extensionWords > 0)
        {
            int at = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
            packet.AsSpan(at + 4, 4 * extensionWords).Fill(0x5A);
        }

        packet.AsSpan(header, payloadLength).Fill(fill);
        return packet;
    }

    public static int RtpLength(int payloadLength, int csrcCount = 0, int extensionWords = 0) =>
        12 + (4 * csrcCount) + (extensionWords > 0 ? 4 + (4 * extensionWords) : 0) + payloadLength;

    /// <summary>A receiver report-shaped RTCP packet of <paramref name="length"/> bytes (a multiple of 4, at least 8).</summary>
    public static byte[] RtcpPacket(uint ssrc, int length)
    {
        var packet = new byte[length + Slack];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        for (int i = 8; i < length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }
}
