namespace Meeting.WebRtc.Stun;

/// <summary>The attribute types this stack reads or writes, named as the RFCs name them. Types
/// below 0x8000 are comprehension-required: a request carrying one we do not know gets a 420.</summary>
/// <remarks>RFC 8489 §14 and §18.3, RFC 8445 §16.1</remarks>
internal static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort UnknownAttributes = 0x000A;
    public const ushort Realm = 0x0014;
    public const ushort Nonce = 0x0015;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Software = 0x8022;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;

    /// <summary>Types from 0x8000 up may be ignored when not understood.</summary>
    public const ushort ComprehensionOptionalMin = 0x8000;

    /// <summary>The comprehension-required types this parser understands (MAPPED-ADDRESS, REALM and
    /// NONCE are only recognised, not exposed, so a long-term request is not answered with 420).</summary>
    public static bool IsKnownComprehensionRequired(ushort type) => type switch
    {
        MappedAddress or Username or MessageIntegrity or ErrorCode or UnknownAttributes
            or Realm or Nonce or XorMappedAddress or Priority or UseCandidate => true,
        _ => false,
    };
}
