using Meeting.WebRtc.Rtcp;

namespace Meeting.WebRtc.Fuzz.Targets;

/// <summary>Walks a compound RTCP packet, parses each known type and writes it back with
/// GetSize/WriteTo into a buffer of exactly that size, then parses the result again.</summary>
public sealed class RtcpTarget : IFuzzTarget
{
    private readonly ushort[] _lost = new ushort[1024];
    private readonly TransportFeedbackEntry[] _entries = new TransportFeedbackEntry[65_536];

    public string Name => "rtcp";

    public IReadOnlyList<byte[]> Seeds { get; } =
    [
        Convert.FromHexString("81C8000C01020304E00000008000000000015F900000000A000003E80A0B0C0D40FFFFFE00010005000000201122334400018000"
            + "81CA0003010203040104616263640000"),
        Convert.FromHexString("81C900070102030" + "40A0B0C0D40FFFFFE00010005000000201122334400018000" + "81CB00020102030403627965"),
        Convert.FromHexString("81CE00020000000100000002" + "81CD000300000001000000020064000" + "5"),
        Convert.FromHexString("84CE0004000000010000000012345678050000008FCE0005000000010000000052454D42010BD0900A0B0C0D"),
        Convert.FromHexString("8FCD0006000000010000000200640005000010" + "03D1900408FFFCFF00"),
    ];

    public void Run(ReadOnlySpan<byte> data)
    {
        var reader = new RtcpCompoundReader(data);
        while (reader.TryReadNext(out var header, out var packet))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SR when SenderReport.TryParse(packet, out var sr):
                    Check(sr.GetSize(), sr.WriteTo, b => SenderReport.TryParse(b, out _));
                    break;
                case RtcpPacketType.RR when ReceiverReport.TryParse(packet, out var rr):
                    Check(rr.GetSize(), rr.WriteTo, b => ReceiverReport.TryParse(b, out _));
                    break;
                case RtcpPacketType.SDES when SourceDescription.TryParse(packet, out var sdes):
                    WriteSdes(sdes);
                    break;
                case RtcpPacketType.BYE when Goodbye.TryParse(packet, out var bye):
                    WriteGoodbye(bye);
                    break;
                case RtcpPacketType.RTPFB:
                    RunTransportFeedback(packet);
                    break;
                case RtcpPacketType.PSFB:
                    RunPayloadFeedback(packet);
                    break;
            }
        }
    }

    private void RunTransportFeedback(ReadOnlySpan<byte> packet)
    {
        GenericNack.TryReadLostSequenceNumbers(packet, _lost, out _, out _);
        if (GenericNack.TryParse(packet, out var nack))
        {
            nack.CopyLostSequenceNumbers(_lost);
            Check(nack.GetSize(), nack.WriteTo, b => GenericNack.TryParse(b, out _));
        }

        TransportFeedback.TryReadEntries(packet, _entries, out _);
        if (TransportFeedback.TryParse(packet, out var feedback))
        {
            Check(feedback.GetSize(), feedback.WriteTo, b => TransportFeedback.TryParse(b, out _));
        }
    }

    private static void RunPayloadFeedback(ReadOnlySpan<byte> packet)
    {
        if (PictureLossIndication.TryParse(packet, out var pli))
        {
            Check(pli.GetSize(), pli.WriteTo, b => PictureLossIndication.TryParse(b, out _));
        }

        if (FullIntraRequest.TryParse(packet, out var fir))
        {
            Check(fir.GetSize(), fir.WriteTo, b => FullIntraRequest.TryParse(b, out _));
        }

        if (Remb.TryParse(packet, out var remb))
        {
            Check(remb.GetSize(), remb.WriteTo, b => Remb.TryParse(b, out _));
        }
    }

    // Text decoded with replacement characters may grow past 255 bytes when re-encoded; such
    // values are refused by the writer, which is the documented contract, not a crash.
    private static void WriteSdes(SourceDescription sdes)
    {
        int size;
        try
        {
            size = sdes.GetSize();
        }
        catch (ArgumentException)
        {
            return;
        }

        Check(size, sdes.WriteTo, b => SourceDescription.TryParse(b, out _));
    }

    private static void WriteGoodbye(Goodbye bye)
    {
        int size;
        try
        {
            size = bye.GetSize();
        }
        catch (InvalidOperationException)
        {
            return;
        }

        Check(size, bye.WriteTo, b => Goodbye.TryParse(b, out _));
    }

    private delegate int Writer(Span<byte> destination);

    private delegate bool Parser(ReadOnlySpan<byte> data);

    private static void Check(int size, Writer write, Parser parse)
    {
        var buffer = new byte[size];
        if (write(buffer) != size || !parse(buffer))
        {
            throw new InvalidOperationException("A parsed RTCP packet did not write back to something that parses.");
        }
    }
}
