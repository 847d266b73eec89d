using System.Text;
using Meeting.WebRtc.Dtls;

namespace Meeting.WebRtc.Fuzz.Targets;

/// <summary>Fuzzes the DTLS record framing that guards the handshake queue: IsWellFramed over the whole input,
/// TryReadHeader on every record boundary with write-back compared byte for byte, and, for short inputs read as
/// text, the a=fingerprint parser with a round trip.</summary>
public sealed class DtlsRecordTarget : IFuzzTarget
{
    private const int MaxFingerprintText = 256;

    public string Name => "dtls";

    public IReadOnlyList<byte[]> Seeds { get; } =
    [
        // handshake, DTLS 1.2, epoch 0, seq 1, 3-byte body
        [0x16, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x02, 0x03],
        // ClientHello record with DTLS 1.0 version, then change_cipher_spec
        [0x16, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01,
         0x14, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x01],
        // alert at epoch 1
        [0x15, 0xFE, 0xFD, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x01, 0x00],
        // DTLS 1.3 unified header (refused)
        [0x2C, 0x00, 0x01, 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF],
        Encoding.ASCII.GetBytes(
            "sha-256 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:FF"),
    ];

    public void Run(ReadOnlySpan<byte> data)
    {
        bool wellFramed = DtlsRecordFraming.IsWellFramed(data);
        bool allRecordsWhole = WalkRecords(data);
        if (wellFramed != (allRecordsWhole && data.Length <= DtlsRecordFraming.MaxDatagramLength))
        {
            throw new InvalidOperationException("IsWellFramed disagrees with a walk over TryReadHeader.");
        }

        if (data.Length <= MaxFingerprintText)
        {
            string text = Encoding.UTF8.GetString(data);
            if (CertificateFingerprint.TryParse(text, out CertificateFingerprint? fingerprint))
            {
                if (!CertificateFingerprint.TryParse(fingerprint!.ToSdpValue(), out CertificateFingerprint? again)
                    || !fingerprint.Equals(again))
                {
                    throw new InvalidOperationException("A parsed fingerprint did not survive ToSdpValue.");
                }

                fingerprint.Matches(data);
            }
        }
    }

    /// <summary>True when the data is one or more whole records; every header read is written back and compared.</summary>
    private static bool WalkRecords(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return false;
        }

        Span<byte> written = stackalloc byte[DtlsRecordHeader.Size];
        while (!data.IsEmpty)
        {
            if (!DtlsRecordFraming.TryReadHeader(data, out DtlsRecordHeader header))
            {
                return false;
            }

            header.WriteTo(written);
            if (!written.SequenceEqual(data[..DtlsRecordHeader.Size]))
            {
                throw new InvalidOperationException("A record header did not survive WriteTo.");
            }

            int length = DtlsRecordHeader.Size + header.Length;
            if (length > data.Length)
            {
                return false;
            }

            data = data[length..];
        }

        return true;
    }
}
