using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Meeting.WebRtc.Stun;

/// <summary>A parsed STUN message. STUN is not on the per-media-packet path, so a parse allocates
/// this object and one copy of the datagram, which <see cref="CheckMessageIntegrity"/> and
/// <see cref="CheckFingerprint"/> work on later.</summary>
/// <remarks>RFC 8489 §5, §14. Of repeated attributes only the first counts (RFC 8489 §14);
/// attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 §14.5);
/// FINGERPRINT must be last (RFC 8489 §14.7).</remarks>
public sealed class StunMessage
{
    /// <summary>Largest datagram <see cref="TryParse"/> accepts; see <see cref="StunHeader.MaxMessageLength"/>.</summary>
    public const int MaxMessageLength = StunHeader.MaxMessageLength;

    /// <summary>Most attribute TLVs a message may hold; a Binding request carries about six.</summary>
    public const int MaxAttributes = 64;

    /// <summary>USERNAME is at most 513 bytes of UTF-8.</summary>
    /// <remarks>RFC 8489 §14.3</remarks>
    public const int MaxUsernameLength = 513;

    /// <summary>SOFTWARE, ERROR-CODE's reason, REALM and NONCE are at most 763 bytes.</summary>
    /// <remarks>RFC 8489 §14.8, §14.9, §14.10, §14.14</remarks>
    public const int MaxTextLength = 763;

    private readonly byte[] _raw;
    private int _integrityOffset = -1;
    private int _fingerprintOffset = -1;
    private List<ushort>? _unknownComprehensionRequired;
    private ushort[]? _unknownAttributes;

    private StunMessage(byte[] raw, StunClass cls, StunMethod method, StunTransactionId transactionId)
    {
        _raw = raw;
        Class = cls;
        Method = method;
        TransactionId = transactionId;
    }

    public StunClass Class { get; }

    /// <summary>The 12-bit method; may be a value <see cref="StunMethod"/> does not name.</summary>
    public StunMethod Method { get; }

    public StunTransactionId TransactionId { get; }

    /// <summary>USERNAME, valid UTF-8 of at most 513 bytes (ICE: "localUfrag:remoteUfrag").</summary>
    public string? Username { get; private set; }

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public uint? Priority { get; private set; }

    /// <summary>USE-CANDIDATE present (RFC 8445 §7.1.2).</summary>
    public bool UseCandidate { get; private set; }

    /// <summary>ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3).</summary>
    public ulong? IceControlling { get; private set; }

    /// <summary>ICE-CONTROLLED tie-breaker (RFC 8445 §7.1.3).</summary>
    public ulong? IceControlled { get; private set; }

    /// <summary>XOR-MAPPED-ADDRESS, IPv4 or IPv6 (RFC 8489 §14.2).</summary>
    public IPEndPoint? XorMappedAddress { get; private set; }

    /// <summary>ERROR-CODE as class × 100 + number, 300..699 (RFC 8489 §14.8).</summary>
    public int? ErrorCode { get; private set; }

    /// <summary>ERROR-CODE's reason phrase (invalid UTF-8 is replaced, it is only diagnostic).</summary>
    public string? ErrorReason { get; private set; }

    /// <summary>SOFTWARE (RFC 8489 §14.14), diagnostic only.</summary>
    public string? Software { get; private set; }

    /// <summary>REALM, present in long-term-credential messages (RFC 8489 §14.9).</summary>
    public string? Realm { get; private set; }

    /// <summary>NONCE, present in long-term-credential messages (RFC 8489 §14.10).</summary>
    public string? Nonce { get; private set; }

    /// <summary>The types listed by an UNKNOWN-ATTRIBUTES attribute (in a 420 response).</summary>
    public IReadOnlyList<ushort> UnknownAttributes => _unknownAttributes ?? [];

    /// <summary>Comprehension-required types (below 0x8000) this parser does not understand, in
    /// order of appearance and without repeats: a request with any must be answered 420, listing them.</summary>
    /// <remarks>RFC 8489 §6.3.1, §14.13</remarks>
    public IReadOnlyList<ushort> UnknownComprehensionRequired => _unknownComprehensionRequired ?? (IReadOnlyList<ushort>)[];

    public bool HasMessageIntegrity => _integrityOffset >= 0;

    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>Length in bytes of the whole message (header included).</summary>
    public int Length => _raw.Length;

    /// <summary>Cheap test that a datagram is STUN: header shape, magic cookie and length field.
    /// Attributes are not examined.</summary>
    /// <remarks>RFC 8489 §6.3, RFC 7983 §7</remarks>
    public static bool IsStun(ReadOnlySpan<byte> datagram) => StunHeader.IsValid(datagram);

    /// <summary>Finds USERNAME without allocating, to route a datagram on a shared port by ICE
    /// username before any parse. Only the TLVs up to USERNAME are walked; the message is not
    /// otherwise validated or authenticated.</summary>
    public static bool TryReadUsername(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> username)
    {
        username = default;
        if (!StunHeader.IsValid(datagram))
        {
            return false;
        }

        var reader = new StunAttributeReader(datagram);
        for (int count = 0; count < MaxAttributes && reader.MoveNext(out _, out ushort type, out ReadOnlySpan<byte> value); count++)
        {
            if (type == StunAttributeType.MessageIntegrity)
            {
                return false;
            }

            if (type == StunAttributeType.Username)
            {
                if (value.Length > MaxUsernameLength)
                {
                    return false;
                }

                username = value;
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses and validates a whole datagram. Returns false, never throws, on anything
    /// malformed: bad header, a TLV past the end, more than <see cref="MaxAttributes"/>, a known
    /// attribute of the wrong size or content, a second MESSAGE-INTEGRITY, anything after FINGERPRINT.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out StunMessage? message)
    {
        message = null;
        if (!StunHeader.IsValid(datagram))
        {
            return false;
        }

        (StunClass cls, StunMethod method) = StunHeader.DecodeType(BinaryPrimitives.ReadUInt16BigEndian(datagram));
        var transactionId = new StunTransactionId(datagram.Slice(StunHeader.TransactionIdOffset, StunTransactionId.Length));
        var parsed = new StunMessage(datagram.ToArray(), cls, method, transactionId);
        var reader = new StunAttributeReader(datagram);
        int count = 0;
        while (reader.MoveNext(out int offset, out ushort type, out ReadOnlySpan<byte> value))
        {
            if (++count > MaxAttributes || parsed.HasFingerprint || !parsed.Accept(offset, type, value))
            {
                return false;
            }
        }

        if (reader.IsMalformed)
        {
            return false;
        }

        message = parsed;
        return true;
    }

    /// <summary>Verifies MESSAGE-INTEGRITY with a key (short-term credentials: the UTF-8 bytes of the
    /// password, RFC 8489 §9.1.1). Constant-time comparison. False when the attribute is absent.</summary>
    /// <remarks>RFC 8489 §14.5</remarks>
    public bool CheckMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (!HasMessageIntegrity)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[StunIntegrity.MessageIntegrityLength];
        StunIntegrity.ComputeMessageIntegrity(_raw.AsSpan(0, _integrityOffset), key, mac);
        ReadOnlySpan<byte> received = _raw.AsSpan(_integrityOffset + 4, StunIntegrity.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(mac, received);
    }

    /// <summary>Verifies FINGERPRINT. False when the attribute is absent.</summary>
    /// <remarks>RFC 8489 §14.7</remarks>
    public bool CheckFingerprint()
    {
        if (!HasFingerprint)
        {
            return false;
        }

        uint received = BinaryPrimitives.ReadUInt32BigEndian(_raw.AsSpan(_fingerprintOffset + 4));
        return StunIntegrity.ComputeFingerprint(_raw.AsSpan(0, _fingerprintOffset)) == received;
    }

    private bool Accept(int offset, ushort type, ReadOnlySpan<byte> value)
    {
        if (type == StunAttributeType.Fingerprint)
        {
            _fingerprintOffset = offset;
            return value.Length == 4;
        }

        if (type == StunAttributeType.MessageIntegrity)
        {
            if (HasMessageIntegrity || value.Length != StunIntegrity.MessageIntegrityLength)
            {
                return false;
            }

            _integrityOffset = offset;
            return true;
        }

        if (HasMessageIntegrity)
        {
            return true; // RFC 8489 §14.5: not covered by the integrity, so not trusted.
        }

        return StunAttributeValues.Read(this, type, value);
    }

    // The setters below are for StunAttributeValues; the first occurrence of an attribute wins.
    internal bool SetUsername(string value) { Username ??= value; return true; }

    internal void SetPriority(uint value) => Priority ??= value;

    internal void SetUseCandidate() => UseCandidate = true;

    internal void SetIceControlling(ulong value) => IceControlling ??= value;

    internal void SetIceControlled(ulong value) => IceControlled ??= value;

    internal void SetXorMappedAddress(IPEndPoint value) => XorMappedAddress ??= value;

    internal void SetError(int code, string reason)
    {
        if (ErrorCode is null)
        {
            ErrorCode = code;
            ErrorReason = reason;
        }
    }

    internal void SetSoftware(string value) => Software ??= value;

    internal void SetRealm(string value) => Realm ??= value;

    internal void SetNonce(string value) => Nonce ??= value;

    internal void SetUnknownAttributes(ushort[] value) => _unknownAttributes ??= value;

    internal void AddUnknownComprehensionRequired(ushort type)
    {
        _unknownComprehensionRequired ??= [];
        if (!_unknownComprehensionRequired.Contains(type))
        {
            _unknownComprehensionRequired.Add(type);
        }
    }

    internal static bool TryDecodeText(ReadOnlySpan<byte> value, int maxLength, bool strict, out string? text)
    {
        text = null;
        if (value.Length > maxLength || (strict && !Utf8.IsValid(value)))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(value);
        return true;
    }
}
