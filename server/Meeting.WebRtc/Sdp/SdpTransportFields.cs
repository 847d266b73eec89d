namespace Meeting.WebRtc.Sdp;

/// <summary>The ICE and DTLS attributes allowed at session and at media level, read the same way at both.</summary>
/// <remarks>ice-ufrag, ice-pwd, ice-options: RFC 8839 §5.4, §5.6; fingerprint: RFC 8122 §5; setup: RFC 4145 §4.</remarks>
internal sealed class SdpTransportFields
{
    public string? IceUfrag { get; private set; }

    public string? IcePwd { get; private set; }

    public string? IceOptions { get; private set; }

    public DtlsFingerprint? Fingerprint { get; private set; }

    public DtlsSetup? Setup { get; private set; }

    /// <summary>Reads the attribute if it is one of these; <paramref name="handled"/> says whether it was.
    /// A further fingerprint (another hash of the same certificate, RFC 8122 §5) goes to <paramref name="others"/>.</summary>
    public string? Read(string name, string? value, List<SdpAttribute> others, out bool handled)
    {
        handled = true;
        switch (name)
        {
            case "ice-ufrag":
                if (IceUfrag is not null)
                {
                    return "a second a=ice-ufrag";
                }

                if (value is null || !SdpTokens.IsIceChars(value, SdpTokens.MinIceUfragLength, SdpTokens.MaxIceCredentialLength))
                {
                    return "a=ice-ufrag is not 4-256 ice-chars (RFC 8839 §5.4)";
                }

                IceUfrag = value;
                return null;
            case "ice-pwd":
                if (IcePwd is not null)
                {
                    return "a second a=ice-pwd";
                }

                if (value is null || !SdpTokens.IsIceChars(value, SdpTokens.MinIcePwdLength, SdpTokens.MaxIceCredentialLength))
                {
                    return "a=ice-pwd is not 22-256 ice-chars (RFC 8839 §5.4)";
                }

                IcePwd = value;
                return null;
            case "ice-options":
                if (IceOptions is not null)
                {
                    return "a second a=ice-options";
                }

                if (value is null || SdpTokens.Fields(value).Length == 0)
                {
                    return "a=ice-options needs at least one option";
                }

                IceOptions = string.Join(' ', SdpTokens.Fields(value));
                return null;
            case "fingerprint":
                if (!DtlsFingerprint.TryParse(value, out var fingerprint))
                {
                    return "a=fingerprint is not '<hash-function> XX:XX:…' with a digest of that function's size";
                }

                if (Fingerprint is null)
                {
                    Fingerprint = fingerprint;
                }
                else
                {
                    others.Add(new SdpAttribute(name, value));
                }

                return null;
            case "setup":
                if (Setup is not null)
                {
                    return "a second a=setup";
                }

                if (value is null || !SdpTokens.TryParseSetup(value, out var setup))
                {
                    return "a=setup is not actpass, active, passive or holdconn";
                }

                Setup = setup;
                return null;
            default:
                handled = false;
                return null;
        }
    }
}
