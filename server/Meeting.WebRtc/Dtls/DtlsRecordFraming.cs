using System.Buffers.Binary;

namespace Meeting.WebRtc.Dtls;

/// <summary>Cheap structural checks on DTLS datagrams, done before a datagram is queued for the
/// handshake engine: a datagram that is not one or more whole DTLS 1.2 records is refused at the door.
/// Nothing here decrypts or authenticates; it only keeps garbage out of the bounded queue.</summary>
/// <remarks>RFC 6347 §4.1 (record layer), §4.1.1 (several records may share a datagram, none may span
/// two), RFC 9147 §4 (DTLS 1.3 unified header).</remarks>
public static class DtlsRecordFraming
{
    /// <summary>DTLS 1.0 record version {254, 255}: RFC 6347 §4.2.1 lets a client use it on its initial
    /// ClientHello, and RFC 9147 §5.1 keeps that for a DTLS 1.3 ClientHello.</summary>
    public const ushort DtlsVersion10 = 0xFEFF;

    /// <summary>DTLS 1.2 record version {254, 253}.</summary>
    /// <remarks>DTLS 1.3 ({254, 252}) is never a record version on the wire: RFC 9147 §4 keeps
    /// legacy_record_version at {254, 253} and encrypted 1.3 records use the unified header, so 0xFEFC
    /// is refused.</remarks>
    public const ushort DtlsVersion12 = 0xFEFD;

    /// <summary>Largest length field: 2^14 plaintext plus 2048 bytes of expansion.</summary>
    /// <remarks>RFC 6347 §4.1 (DTLSCiphertext, as TLSCiphertext in RFC 5246 §6.2.3).</remarks>
    public const int MaxRecordLength = (1 << 14) + 2048;

    /// <summary>Largest datagram accepted. Browsers keep DTLS datagrams near 1200 bytes (Chromium) or the
    /// path MTU (Firefox, up to 1500 − 28 on Ethernet); 2048 leaves room and bounds the queue's memory.</summary>
    public const int MaxDatagramLength = 2048;

    /// <summary>The first byte of a DTLS 1.3 unified header is 001CSLEE (RFC 9147 §4).</summary>
    private const byte UnifiedHeaderMask = 0b1110_0000;
    private const byte UnifiedHeaderBits = 0b0010_0000;

    /// <summary>Reads the record header at the start of <paramref name="data"/> and checks its content type
    /// and version. The record's body is not required to be present (see <see cref="IsWellFramed"/>).</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out DtlsRecordHeader header)
    {
        header = default;
        if (data.Length < DtlsRecordHeader.Size)
        {
            return false;
        }

        byte type = data[0];
        if ((type & UnifiedHeaderMask) == UnifiedHeaderBits || !IsAcceptedContentType(type))
        {
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        if (version != DtlsVersion12 && version != DtlsVersion10)
        {
            return false;
        }

        ushort length = BinaryPrimitives.ReadUInt16BigEndian(data[11..]);
        if (length > MaxRecordLength)
        {
            return false;
        }

        ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        ulong sequence = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[5..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(data[7..]);
        header = new DtlsRecordHeader((DtlsContentType)type, version, epoch, sequence, length);
        return true;
    }

    /// <summary>True when <paramref name="datagram"/> is one or more records that exactly fill it, and is no
    /// longer than <see cref="MaxDatagramLength"/>.</summary>
    public static bool IsWellFramed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > MaxDatagramLength)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (!TryReadHeader(datagram, out DtlsRecordHeader header))
            {
                return false;
            }

            int recordLength = DtlsRecordHeader.Size + header.Length;
            if (recordLength > datagram.Length)
            {
                return false;
            }

            datagram = datagram[recordLength..];
        }

        return true;
    }

    private static bool IsAcceptedContentType(byte type) =>
        type is (byte)DtlsContentType.ChangeCipherSpec or (byte)DtlsContentType.Alert
            or (byte)DtlsContentType.Handshake or (byte)DtlsContentType.ApplicationData;
}
