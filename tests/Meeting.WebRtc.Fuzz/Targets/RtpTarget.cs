using Meeting.WebRtc.Demux;
using Meeting.WebRtc.Rtp;

namespace Meeting.WebRtc.Fuzz.Targets;

/// <summary>RTP header, RFC 8285 extensions, typed extension readers, in-place rewrites and RTX.</summary>
public sealed class RtpTarget : IFuzzTarget
{
    private readonly byte[] _copy = new byte[65_536 + 64];
    private readonly byte[] _rtx = new byte[65_536 + 64];
    private readonly byte[] _restored = new byte[65_536 + 64];

    public string Name => "rtp";

    public IReadOnlyList<byte[]> Seeds { get; } =
    [
        Convert.FromHexString("806012340000100" + "0DEADBEEF010203"),
        Convert.FromHexString("82EF000100000002000000031111111122222222AABB"),
        Convert.FromHexString("90600001000000020000000" + "3BEDE000210AA21BBCC000000FF"),
        Convert.FromHexString("90600001000000020000000" + "310000002" + "0101AA1000000000"),
        Convert.FromHexString("A0600001000000020000000" + "301020300000004"),
    ];

    public void Run(ReadOnlySpan<byte> data)
    {
        PacketClassifier.Classify(data);
        if (!RtpHeader.TryParse(data, out var header))
        {
            return;
        }

        if (header.PacketLength != data.Length || header.PayloadOffset + header.PayloadLength > data.Length)
        {
            throw new InvalidOperationException("RtpHeader bounds disagree with the packet.");
        }

        for (var id = 0; id <= 255; id++)
        {
            if (!RtpExtensions.TryFind(data, header, (byte)id, out var offset, out var length))
            {
                continue;
            }

            if (offset < header.ExtensionOffset || offset + length > header.ExtensionOffset + header.ExtensionLength)
            {
                throw new InvalidOperationException("Extension element outside the extension block.");
            }

            var value = data.Slice(offset, length);
            MidExtension.MidEquals(value, "0");
            MidExtension.TryRead(value, out _);
            AbsSendTimeExtension.TryRead(value, out _);
            TransportWideSequenceNumberExtension.TryRead(value, out _);
            AudioLevelExtension.TryRead(value, out _, out _);
        }

        var copy = _copy.AsSpan(0, data.Length);
        data.CopyTo(copy);
        RtpPacketWriter.WriteSequenceNumber(copy, (ushort)(header.SequenceNumber + 1));
        RtpPacketWriter.WriteTimestamp(copy, header.Timestamp + 1);
        RtpPacketWriter.WriteSsrc(copy, ~header.Ssrc);
        RtpPacketWriter.WritePayloadType(copy, (byte)(header.PayloadType ^ 1));
        RtpPacketWriter.WriteMarker(copy, !header.Marker);
        TransportWideSequenceNumberExtension.TryWrite(copy, header, 1, 7);
        if (!RtpHeader.TryParse(copy, out var rewritten) || rewritten.HeaderLength != header.HeaderLength)
        {
            throw new InvalidOperationException("A rewritten header no longer parses the same.");
        }

        var rtxLength = Rtx.Wrap(data, _rtx, 0x01020304, 97, 9);
        if (rtxLength == 0)
        {
            throw new InvalidOperationException("A parsed packet could not be wrapped.");
        }

        if (!Rtx.TryUnwrap(_rtx.AsSpan(0, rtxLength), _restored, header.PayloadType, header.Ssrc, out var restoredLength)
            || restoredLength != header.HeaderLength + header.PayloadLength)
        {
            throw new InvalidOperationException("RTX did not round-trip.");
        }
    }
}
