using System.Diagnostics.CodeAnalysis;

namespace Meeting.WebRtc.Sdp;

/// <summary>a=fingerprint: the hash of the DTLS certificate the peer will present.</summary>
/// <remarks>RFC 8122 §5: hash-func SP fingerprint, the fingerprint as upper-case hex bytes joined by
/// colons (lower case is accepted on input). RFC 8842 §5 requires it at media or session level; WebRTC
/// uses sha-256 (RFC 8827 §6.5).</remarks>
/// <param name="Algorithm">The hash function's textual name from the IANA registry, lower case ("sha-256").</param>
/// <param name="Value">The digest bytes.</param>
public sealed record DtlsFingerprint(string Algorithm, byte[] Value)
{
    /// <summary>The hash every browser uses.</summary>
    public const string Sha256 = "sha-256";

    /// <summary>The longest digest accepted (sha-512's).</summary>
    public const int MaxValueLength = 64;

    /// <summary>Parses "sha-256 AB:CD:…" (the value of a=fingerprint). Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        var algorithm = SdpTokens.FirstField(text, out var hex);
        hex = hex.TrimEnd(' ');
        if (!SdpTokens.IsToken(algorithm) || hex.Length == 0 || (hex.Length + 1) % 3 != 0)
        {
            return false;
        }

        var value = new byte[(hex.Length + 1) / 3];
        if (value.Length > MaxValueLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var at = i * 3;
            if ((at + 2 < hex.Length && hex[at + 2] != ':')
                || !TryHexDigit(hex[at], out var high) || !TryHexDigit(hex[at + 1], out var low))
            {
                return false;
            }

            value[i] = (byte)((high << 4) | low);
        }

        algorithm = algorithm.ToLowerInvariant();
        if (ExpectedLength(algorithm) is { } expected && expected != value.Length)
        {
            return false;
        }

        fingerprint = new DtlsFingerprint(algorithm, value);
        return true;
    }

    /// <summary>Whether <paramref name="digest"/> (computed by the caller over the peer's certificate) is this fingerprint.</summary>
    public bool Matches(ReadOnlySpan<byte> digest) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Value ?? [], digest);

    /// <summary>"sha-256 AB:CD:…", the value of a=fingerprint.</summary>
    public override string ToString()
    {
        var value = Value ?? [];
        if (value.Length == 0)
        {
            return Algorithm;
        }

        return string.Create(Algorithm.Length + 1 + value.Length * 3 - 1, (Algorithm, value), static (span, state) =>
        {
            state.Algorithm.AsSpan().CopyTo(span);
            var at = state.Algorithm.Length;
            span[at++] = ' ';
            for (var i = 0; i < state.value.Length; i++)
            {
                if (i > 0)
                {
                    span[at++] = ':';
                }

                span[at++] = "0123456789ABCDEF"[state.value[i] >> 4];
                span[at++] = "0123456789ABCDEF"[state.value[i] & 0xF];
            }
        });
    }

    /// <summary>Equal when the algorithm names match ignoring case and the digests are byte-for-byte equal.</summary>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null
        && string.Equals(Algorithm, other.Algorithm, StringComparison.OrdinalIgnoreCase)
        && (Value ?? []).AsSpan().SequenceEqual(other.Value ?? []);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm, StringComparer.OrdinalIgnoreCase);
        hash.AddBytes(Value ?? []);
        return hash.ToHashCode();
    }

    /// <summary>Digest sizes of the registered hash functions, so a truncated fingerprint is caught here.</summary>
    private static int? ExpectedLength(string algorithm) => algorithm switch
    {
        "md2" or "md5" => 16,
        "sha-1" => 20,
        "sha-224" => 28,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
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
