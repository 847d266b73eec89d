using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Meeting.WebRtc.Stun;

/// <summary>Composes a STUN message: attributes in the order added, then optionally
/// MESSAGE-INTEGRITY and FINGERPRINT, which are always last (RFC 8489 §14.5, §14.7).</summary>
/// <remarks>Padding bytes are written as zero (RFC 8489 §14: "MUST be set to zero on sending").
/// RFC 5769's vectors pad with 0x20, which changes their MESSAGE-INTEGRITY and FINGERPRINT; the
/// tests set <see cref="PaddingByte"/> to reproduce those bytes exactly.</remarks>
public sealed class StunMessageBuilder
{
    private readonly List<(ushort Type, byte[] Value)> _attributes = [];
    private readonly StunClass _class;
    private readonly StunMethod _method;
    private readonly StunTransactionId _transactionId;

    public StunMessageBuilder(StunClass cls, StunMethod method, StunTransactionId id)
    {
        _class = cls;
        _method = method;
        _transactionId = id;
    }

    /// <summary>The byte written into attribute padding; zero except to reproduce RFC 5769.</summary>
    internal byte PaddingByte { get; set; }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2); an IPv4-mapped IPv6 address is written as IPv4.</summary>
    public StunMessageBuilder AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var value = new byte[StunXorAddress.GetValueLength(endPoint)];
        StunXorAddress.Write(value, endPoint, _transactionId);
        return Add(StunAttributeType.XorMappedAddress, value);
    }

    /// <summary>USERNAME (RFC 8489 §14.3), at most 513 bytes of UTF-8.</summary>
    public StunMessageBuilder AddUsername(string username) =>
        Add(StunAttributeType.Username, EncodeText(username, StunMessage.MaxUsernameLength, nameof(username)));

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public StunMessageBuilder AddPriority(uint priority)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, priority);
        return Add(StunAttributeType.Priority, value);
    }

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2), empty.</summary>
    public StunMessageBuilder AddUseCandidate() => Add(StunAttributeType.UseCandidate, []);

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3).</summary>
    public StunMessageBuilder AddIceControlling(ulong tieBreaker) => Add(StunAttributeType.IceControlling, Encode64(tieBreaker));

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3).</summary>
    public StunMessageBuilder AddIceControlled(ulong tieBreaker) => Add(StunAttributeType.IceControlled, Encode64(tieBreaker));

    /// <summary>ERROR-CODE (RFC 8489 §14.8): code 300..699, reason at most 763 bytes of UTF-8.</summary>
    public StunMessageBuilder AddErrorCode(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        byte[] text = EncodeText(reason, StunMessage.MaxTextLength, nameof(reason));
        var value = new byte[4 + text.Length];
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        text.CopyTo(value, 4);
        return Add(StunAttributeType.ErrorCode, value);
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.13), for a 420 answer.</summary>
    public StunMessageBuilder AddUnknownAttributes(IReadOnlyList<ushort> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var value = new byte[types.Count * 2];
        for (int i = 0; i < types.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2 * i), types[i]);
        }

        return Add(StunAttributeType.UnknownAttributes, value);
    }

    /// <summary>SOFTWARE (RFC 8489 §14.14), at most 763 bytes of UTF-8.</summary>
    public StunMessageBuilder AddSoftware(string software) =>
        Add(StunAttributeType.Software, EncodeText(software, StunMessage.MaxTextLength, nameof(software)));

    /// <summary>Any attribute, for tests and tools that need one this builder does not name.</summary>
    internal StunMessageBuilder AddRaw(ushort type, ReadOnlySpan<byte> value) => Add(type, value.ToArray());

    /// <summary>Bytes <see cref="WriteTo"/> will write.</summary>
    public int GetSize(bool withIntegrity, bool withFingerprint)
    {
        int size = StunHeader.HeaderLength;
        foreach ((_, byte[] value) in _attributes)
        {
            size += 4 + ((value.Length + 3) & ~3);
        }

        if (withIntegrity)
        {
            size += StunIntegrity.MessageIntegrityAttributeLength;
        }

        if (withFingerprint)
        {
            size += StunIntegrity.FingerprintAttributeLength;
        }

        return size;
    }

    /// <summary>Writes the message and returns its length. An empty <paramref name="integrityKey"/>
    /// means no MESSAGE-INTEGRITY (short-term credentials: the key is the UTF-8 password).</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="GetSize"/>, or
    /// the message would exceed <see cref="StunMessage.MaxMessageLength"/>.</exception>
    public int WriteTo(Span<byte> destination, ReadOnlySpan<byte> integrityKey, bool fingerprint)
    {
        bool withIntegrity = !integrityKey.IsEmpty;
        int size = GetSize(withIntegrity, fingerprint);
        if (size > StunMessage.MaxMessageLength)
        {
            throw new ArgumentException($"The message would be {size} bytes, over {StunMessage.MaxMessageLength}.");
        }

        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination needs {size} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, StunHeader.EncodeType(_class, _method));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunHeader.MagicCookie);
        _transactionId.CopyTo(destination[StunHeader.TransactionIdOffset..]);
        int offset = StunHeader.HeaderLength;
        foreach ((ushort type, byte[] value) in _attributes)
        {
            offset += WriteAttribute(destination[offset..], type, value);
        }

        if (withIntegrity)
        {
            SetLength(destination, offset + StunIntegrity.MessageIntegrityAttributeLength);
            Span<byte> attribute = destination.Slice(offset, StunIntegrity.MessageIntegrityAttributeLength);
            WriteAttributeHeader(attribute, StunAttributeType.MessageIntegrity, StunIntegrity.MessageIntegrityLength);
            StunIntegrity.ComputeMessageIntegrity(destination[..offset], integrityKey, attribute[4..]);
            offset += StunIntegrity.MessageIntegrityAttributeLength;
        }

        if (fingerprint)
        {
            SetLength(destination, offset + StunIntegrity.FingerprintAttributeLength);
            WriteAttributeHeader(destination[offset..], StunAttributeType.Fingerprint, 4);
            uint crc = StunIntegrity.ComputeFingerprint(destination[..offset]);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], crc);
            offset += StunIntegrity.FingerprintAttributeLength;
        }

        SetLength(destination, offset);
        return offset;
    }

    private StunMessageBuilder Add(ushort type, byte[] value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("An attribute value is at most 65535 bytes.", nameof(value));
        }

        _attributes.Add((type, value));
        return this;
    }

    private int WriteAttribute(Span<byte> destination, ushort type, byte[] value)
    {
        WriteAttributeHeader(destination, type, value.Length);
        value.CopyTo(destination[4..]);
        int padded = (value.Length + 3) & ~3;
        destination.Slice(4 + value.Length, padded - value.Length).Fill(PaddingByte);
        return 4 + padded;
    }

    private static void WriteAttributeHeader(Span<byte> destination, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
    }

    private static void SetLength(Span<byte> message, int totalLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], (ushort)(totalLength - StunHeader.HeaderLength));

    private static byte[] EncodeText(string text, int maxBytes, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > maxBytes)
        {
            throw new ArgumentException($"At most {maxBytes} bytes of UTF-8.", parameterName);
        }

        return bytes;
    }

    private static byte[] Encode64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
