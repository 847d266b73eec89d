namespace Meeting.WebRtc.Sdp;

/// <summary>The statically assigned RTP payload types, which an m-line may list without an a=rtpmap.</summary>
/// <remarks>RFC 3551 §6, tables 4 and 5 (the types still assigned).</remarks>
internal static class RtpStaticPayloadTypes
{
    public static SdpCodec? Lookup(byte payloadType) => payloadType switch
    {
        0 => new(0, "PCMU", 8000),
        3 => new(3, "GSM", 8000),
        4 => new(4, "G723", 8000),
        5 => new(5, "DVI4", 8000),
        6 => new(6, "DVI4", 16000),
        7 => new(7, "LPC", 8000),
        8 => new(8, "PCMA", 8000),
        9 => new(9, "G722", 8000),
        10 => new(10, "L16", 44100, 2),
        11 => new(11, "L16", 44100, 1),
        12 => new(12, "QCELP", 8000),
        13 => new(13, "CN", 8000),
        14 => new(14, "MPA", 90000),
        15 => new(15, "G728", 8000),
        16 => new(16, "DVI4", 11025),
        17 => new(17, "DVI4", 22050),
        18 => new(18, "G729", 8000),
        25 => new(25, "CelB", 90000),
        26 => new(26, "JPEG", 90000),
        28 => new(28, "nv", 90000),
        31 => new(31, "H261", 90000),
        32 => new(32, "MPV", 90000),
        33 => new(33, "MP2T", 90000),
        34 => new(34, "H263", 90000),
        _ => null,
    };
}
