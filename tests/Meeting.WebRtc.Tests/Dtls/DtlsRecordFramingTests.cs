using Meeting.WebRtc.Dtls;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>Record headers written out byte by byte after RFC 6347 §4.1: type, version, epoch, 48-bit
/// sequence_number, length.</summary>
public sealed class DtlsRecordFramingTests
{
    // handshake(22), DTLS 1.2, epoch 0, sequence 1, length 3, body 01 02 03
    private static readonly byte[] HandshakeRecord =
        [0x16, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x02, 0x03];

    // change_cipher_spec(20), DTLS 1.2, epoch 0, sequence 2, length 1, body 01
    private static readonly byte[] ChangeCipherSpecRecord =
        [0x14, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x01];

    // application_data(23), DTLS 1.2, epoch 1, sequence 0x0102_0304_0506, length 0
    private static readonly byte[] EmptyApplicationDataRecord =
        [0x17, 0xFE, 0xFD, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x00, 0x00];

    [Fact]
    public void TryReadHeader_HandshakeRecord_ReadsEveryField()
    {
        Assert.True(DtlsRecordFraming.TryReadHeader(HandshakeRecord, out DtlsRecordHeader header));

        Assert.Equal(new DtlsRecordHeader(DtlsContentType.Handshake, 0xFEFD, 0, 1, 3), header);
    }

    [Fact]
    public void TryReadHeader_FullSequenceNumber_ReadsAll48Bits()
    {
        Assert.True(DtlsRecordFraming.TryReadHeader(EmptyApplicationDataRecord, out DtlsRecordHeader header));

        Assert.Equal(DtlsContentType.ApplicationData, header.ContentType);
        Assert.Equal(1, header.Epoch);
        Assert.Equal(0x0102_0304_0506UL, header.SequenceNumber);
        Assert.Equal(0, header.Length);
    }

    [Fact]
    public void TryReadHeader_Dtls10Version_IsAccepted()
    {
        // RFC 6347 §4.2.1: a client may send its first ClientHello with record version {254, 255}.
        byte[] record = [0x16, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

        Assert.True(DtlsRecordFraming.TryReadHeader(record, out DtlsRecordHeader header));
        Assert.Equal(DtlsRecordFraming.DtlsVersion10, header.Version);
    }

    [Theory]
    [InlineData(new byte[] { 0x16, 0xFE, 0xFC, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // {254, 252} is never a record version
    [InlineData(new byte[] { 0x16, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // TLS 1.2 record version
    [InlineData(new byte[] { 0x18, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // heartbeat(24)
    [InlineData(new byte[] { 0x19, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // tls12_cid(25)
    [InlineData(new byte[] { 0x1A, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // ack(26)
    [InlineData(new byte[] { 0x13, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // 19: not a content type
    [InlineData(new byte[] { 0x2C, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // DTLS 1.3 unified header 001CSLEE
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0x48, 0x01 })] // length 2^14 + 2048 + 1
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // 12 bytes: truncated header
    public void TryReadHeader_InvalidHeader_ReturnsFalse(byte[] data)
    {
        Assert.False(DtlsRecordFraming.TryReadHeader(data, out DtlsRecordHeader header));
        Assert.Equal(default, header);
    }

    [Fact]
    public void TryReadHeader_LargestLength_IsAccepted()
    {
        byte[] header = [0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 0, 0x48, 0x00];

        Assert.True(DtlsRecordFraming.TryReadHeader(header, out DtlsRecordHeader parsed));
        Assert.Equal(DtlsRecordFraming.MaxRecordLength, parsed.Length);
    }

    [Fact]
    public void IsWellFramed_SingleRecord_ReturnsTrue() =>
        Assert.True(DtlsRecordFraming.IsWellFramed(HandshakeRecord));

    [Fact]
    public void IsWellFramed_ThreeRecordsInOneDatagram_ReturnsTrue() =>
        Assert.True(DtlsRecordFraming.IsWellFramed(
            [.. HandshakeRecord, .. ChangeCipherSpecRecord, .. EmptyApplicationDataRecord]));

    [Fact]
    public void IsWellFramed_BodyShorterThanLength_ReturnsFalse() =>
        Assert.False(DtlsRecordFraming.IsWellFramed(HandshakeRecord[..^1]));

    [Fact]
    public void IsWellFramed_SecondRecordTruncated_ReturnsFalse() =>
        Assert.False(DtlsRecordFraming.IsWellFramed([.. HandshakeRecord, .. ChangeCipherSpecRecord[..^1]]));

    [Fact]
    public void IsWellFramed_TrailingBytesAfterLastRecord_ReturnsFalse() =>
        Assert.False(DtlsRecordFraming.IsWellFramed([.. HandshakeRecord, 0x16, 0xFE]));

    [Fact]
    public void IsWellFramed_SecondRecordWithBadContentType_ReturnsFalse() =>
        Assert.False(DtlsRecordFraming.IsWellFramed([.. HandshakeRecord, 0x2F, .. ChangeCipherSpecRecord[1..]]));

    [Fact]
    public void IsWellFramed_Empty_ReturnsFalse() =>
        Assert.False(DtlsRecordFraming.IsWellFramed([]));

    [Fact]
    public void IsWellFramed_DatagramAtMaximum_ReturnsTrue() =>
        Assert.True(DtlsRecordFraming.IsWellFramed(ApplicationDataOfSize(DtlsRecordFraming.MaxDatagramLength)));

    [Fact]
    public void IsWellFramed_DatagramOverMaximum_ReturnsFalse() =>
        Assert.False(DtlsRecordFraming.IsWellFramed(ApplicationDataOfSize(DtlsRecordFraming.MaxDatagramLength + 1)));

    [Fact]
    public void WriteTo_ParsedHeader_ReproducesBytes()
    {
        Assert.True(DtlsRecordFraming.TryReadHeader(EmptyApplicationDataRecord, out DtlsRecordHeader header));
        byte[] written = new byte[header.GetSize()];

        header.WriteTo(written);

        Assert.Equal(EmptyApplicationDataRecord, written);
    }

    [Fact]
    public void WriteTo_SequenceNumberOver48Bits_Throws()
    {
        var header = new DtlsRecordHeader(DtlsContentType.Alert, DtlsRecordFraming.DtlsVersion12, 0, 1UL << 48, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => header.WriteTo(new byte[DtlsRecordHeader.Size]));
    }

    /// <summary>One application_data record whose datagram is exactly <paramref name="size"/> bytes.</summary>
    private static byte[] ApplicationDataOfSize(int size)
    {
        byte[] datagram = new byte[size];
        new DtlsRecordHeader(DtlsContentType.ApplicationData, DtlsRecordFraming.DtlsVersion12, 1, 7,
            (ushort)(size - DtlsRecordHeader.Size)).WriteTo(datagram);
        return datagram;
    }
}
