namespace Meeting.WebRtc.Rtcp;

/// <summary>Picture Loss Indication: asks the media sender for a key frame. No FCI.</summary>
/// <remarks>RFC 4585 §6.3.1 (PSFB, FMT 1)</remarks>
public readonly record struct PictureLossIndication(uint SenderSsrc, uint MediaSsrc)
{
    public const byte Format = 1;

    public const int Size = 12;

    public static bool TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        pli = default;
        if (!RtcpPacket.TryGetFeedback(packet, RtcpPacketType.PSFB, Format, out var sender, out var media, out _))
        {
            return false;
        }

        pli = new PictureLossIndication(sender, media);
        return true;
    }

    public int GetSize() => Size;

    public int WriteTo(Span<byte> destination)
    {
        RtcpPacket.WriteFeedbackHeader(destination, Size, Format, RtcpPacketType.PSFB, SenderSsrc, MediaSsrc);
        return Size;
    }
}
