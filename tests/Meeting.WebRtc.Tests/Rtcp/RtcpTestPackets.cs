namespace Meeting.WebRtc.Tests.Rtcp;

/// <summary>RTCP packets written out byte by byte from the RFC layouts (each field commented).</summary>
internal static class RtcpTestPackets
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    // RFC 3550 §6.4.1: V=2 P=0 RC=1 | PT=200 | length 12 (52 bytes) | SSRC | NTP 0xE0000000_80000000 |
    // RTP ts 0x00015F90 | 10 packets | 1000 octets | one report block.
    public const string SenderReport =
        "81 C8 000C 01020304 E0000000 80000000 00015F90 0000000A 000003E8 " + ReportBlock;

    // Report block: SSRC 0x0A0B0C0D | fraction 0x40 | cumulative lost -2 (0xFFFFFE) |
    // extended highest 0x00010005 | jitter 0x20 | LSR 0x11223344 | DLSR 0x00018000 (1.5 s).
    public const string ReportBlock = "0A0B0C0D 40FFFFFE 00010005 00000020 11223344 00018000";

    // RFC 3550 §6.4.2: RC=1 | PT=201 | length 7 (32 bytes) | SSRC | one block.
    public const string ReceiverReport = "81 C9 0007 01020304 " + ReportBlock;

    // RFC 3550 §6.5: SC=1 | PT=202 | length 3 | SSRC | CNAME(1) len 4 "abcd" | null item + 1 pad byte.
    public const string SourceDescription = "81 CA 0003 01020304 01 04 61626364 00 00";

    // RFC 3550 §6.6: SC=1 | PT=203 | length 2 | SSRC | reason length 3 "bye".
    public const string Goodbye = "81 CB 0002 01020304 03 627965";

    // RFC 4585 §6.3.1: FMT=1 | PT=206 (PSFB) | length 2 | sender SSRC 1 | media SSRC 2. Twelve bytes, no FCI.
    public const string PictureLossIndication = "81 CE 0002 00000001 00000002";

    // RFC 4585 §6.2.1: FMT=1 | PT=205 (RTPFB) | length 3 | sender 1 | media 2 | PID 100 | BLP 0x0005
    // (bits 0 and 2: 101 and 103 lost too).
    public const string GenericNack = "81 CD 0003 00000001 00000002 0064 0005";

    // RFC 5104 §4.3.1: FMT=4 | PT=206 | length 4 | sender 1 | media 0 (unused) | SSRC 0x12345678 |
    // seq nr 5 | 24 reserved bits.
    public const string FullIntraRequest = "84 CE 0004 00000001 00000000 12345678 05000000";

    // draft-alvestrand-rmcat-remb-03 §2.2: FMT=15 | PT=206 | length 5 | sender 1 | media 0 | "REMB" |
    // Num SSRC 1 | BR Exp 2, BR Mantissa 250000 (0x3D090): 250000 × 2^2 = 1,000,000 bps | SSRC 0x0A0B0C0D.
    // Byte 5 is Exp << 2 | mantissa >> 16 = 0x08 | 0x03 = 0x0B.
    public const string Remb = "8F CE 0005 00000001 00000000 52454D42 01 0BD090 0A0B0C0D";

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 has no example packet, so this one is
    // built by hand from the field layout:
    //   FMT=15 | PT=205 | length 6 (28 bytes) | sender 1 | media 2 |
    //   base sequence 100 | packet status count 5 | reference time 16 (× 64 ms = 1.024 s) | fb count 3 |
    //   one status vector chunk with 2-bit symbols (§3.1.4): T=1 S=1, then
    //     seq 100 "received, small delta" 01, 101 "not received" 00, 102 small 01,
    //     103 "received, large or negative delta" 10, 104 small 01, and two unused 00 00:
    //     11 01 00 01 10 01 00 00 = 0xD190 |
    //   receive deltas (§3.1.5, 250 µs units): 100 → 0x04 (1 ms), 102 → 0x08 (2 ms),
    //     103 → 0xFFFC (-1 ms, 2 bytes signed), 104 → 0xFF (63.75 ms) | one zero padding byte.
    public const string TransportFeedback = "8F CD 0006 00000001 00000002 0064 0005 000010 03 D190 04 08 FFFC FF 00";

    // Second hand-built TWCC packet across the sequence wrap, with a run length chunk and a
    // one-bit status vector chunk:
    //   length 10 (44 bytes) | sender 1 | media 2 | base 65534 | count 20 | reference time 0xFFFFFF (-1) | fb count 0 |
    //   run length chunk (§3.1.3): T=0, S=01 "small delta", run 15 → 0x200F (65534 .. 12) |
    //   status vector (§3.1.4) T=1 S=0, one-bit symbols for 13..17: 0 1 0 0 1, 9 unused zeros
    //     → 1 0 01001000000000 = 0x9200 |
    //   17 small deltas: 15 × 0x01, then 0x02 (seq 14), 0x03 (seq 17) | 3 zero padding bytes.
    public const string TransportFeedbackWrap =
        "8F CD 000A 00000001 00000002 FFFE 0014 FFFFFF 00 200F 9200 " +
        "01010101 01010101 01010101 010101 02 03 000000";
}
