using System.Security.Cryptography;
using System.Text;

namespace Meeting.WebRtc.Dtls;

/// <summary>A certificate fingerprint as SDP's a=fingerprint carries it: a hash function's textual name and
/// the hash of the DER certificate.</summary>
/// <remarks>RFC 8122 §5 (syntax: lower-case hash name, upper-case hex pairs joined by colons), RFC 8842
/// §5.1 (the DTLS peer's certificate must match one of the signalled fingerprints).</remarks>
public sealed record CertificateFingerprint(string Algorithm, byte[] Value)
{
    /// <summary>The hash function browsers use and the only one this server signals.</summary>
    public const string Sha256 = "sha-256";

    public const string Sha1 = "sha-1";
    public const string Sha384 = "sha-384";
    public const string Sha512 = "sha-512";

    /// <summary>Fingerprint of <paramref name="derCertificate"/> with SHA-256.</summary>
    public static CertificateFingerprint FromCertificate(ReadOnlySpan<byte> derCertificate) =>
        new(Sha256, SHA256.HashData(derCertificate));

    /// <summary>"sha-256 AB:CD:…", the value of an a=fingerprint attribute.</summary>
    public string ToSdpValue()
    {
        var builder = new StringBuilder(Algorithm.Length + 1 + Value.Length * 3);
        builder.Append(Algorithm).Append(' ');
        for (int i = 0; i < Value.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(Value[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public override string ToString() => ToSdpValue();

    /// <summary>Parses an a=fingerprint value ("sha-256 AB:CD:…"). The hash name is matched without regard to
    /// case (RFC 8122 §5 says it is case-insensitive); hex digits may be either case. Returns false for an
    /// unknown hash function or a value whose length does not fit it.</summary>
    public static bool TryParse(string? sdpValue, out CertificateFingerprint? fingerprint)
    {
        fingerprint = null;
        if (sdpValue is null)
        {
            return false;
        }

        ReadOnlySpan<char> text = sdpValue.AsSpan().Trim();
        int space = text.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        string? algorithm = CanonicalAlgorithm(text[..space]);
        ReadOnlySpan<char> hex = text[(space + 1)..].TrimStart();
        if (algorithm is null || HashLength(algorithm) is not int length || hex.Length != length * 3 - 1)
        {
            return false;
        }

        byte[] value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int at = i * 3;
            if ((i > 0 && hex[at - 1] != ':')
                || !TryHexDigit(hex[at], out int high) || !TryHexDigit(hex[at + 1], out int low))
            {
                return false;
            }

            value[i] = (byte)(high << 4 | low);
        }

        fingerprint = new CertificateFingerprint(algorithm, value);
        return true;
    }

    /// <summary>True when <paramref name="derCertificate"/> hashes to <see cref="Value"/>, compared in constant
    /// time. False for an unknown hash function.</summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate)
    {
        Span<byte> hash = stackalloc byte[64];
        int written;
        switch (CanonicalAlgorithm(Algorithm))
        {
            case Sha1: written = SHA1.HashData(derCertificate, hash); break;
            case Sha256: written = SHA256.HashData(derCertificate, hash); break;
            case Sha384: written = SHA384.HashData(derCertificate, hash); break;
            case Sha512: written = SHA512.HashData(derCertificate, hash); break;
            default: return false;
        }

        return Value is not null && CryptographicOperations.FixedTimeEquals(hash[..written], Value);
    }

    public bool Equals(CertificateFingerprint? other) =>
        other is not null
        && string.Equals(Algorithm, other.Algorithm, StringComparison.OrdinalIgnoreCase)
        && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm, StringComparer.OrdinalIgnoreCase);
        hash.AddBytes(Value);
        return hash.ToHashCode();
    }

    private static string? CanonicalAlgorithm(ReadOnlySpan<char> name) =>
        name.Equals(Sha256, StringComparison.OrdinalIgnoreCase) ? Sha256
        : name.Equals(Sha1, StringComparison.OrdinalIgnoreCase) ? Sha1
        : name.Equals(Sha384, StringComparison.OrdinalIgnoreCase) ? Sha384
        : name.Equals(Sha512, StringComparison.OrdinalIgnoreCase) ? Sha512
        : null;

    private static int? HashLength(string algorithm) => algorithm switch
    {
        Sha1 => 20,
        Sha256 => 32,
        Sha384 => 48,
        Sha512 => 64,
        _ => null,
    };

    private static bool TryHexDigit(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
