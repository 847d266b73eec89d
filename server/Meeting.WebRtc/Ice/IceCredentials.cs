using System.Security.Cryptography;

namespace Meeting.WebRtc.Ice;

/// <summary>One side's ICE username fragment and password (a=ice-ufrag, a=ice-pwd).</summary>
/// <remarks>RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4..256 chars, pwd 22..256.</remarks>
public sealed record IceCredentials(string UsernameFragment, string Password)
{
    public const int MinUsernameFragmentLength = 4;
    public const int MinPasswordLength = 22;
    public const int MaxLength = 256;

    /// <summary>Length of a generated ufrag: 48 random bits, over the minimum of 4 so that two
    /// transports sharing one UDP port are told apart by ufrag without a collision in practice.</summary>
    public const int GeneratedUsernameFragmentLength = 8;

    /// <summary>Length of a generated password: 144 random bits (the minimum 22 gives 128).</summary>
    public const int GeneratedPasswordLength = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Fresh random credentials from the cryptographic generator.</summary>
    public static IceCredentials Generate() => new(
        RandomNumberGenerator.GetString(IceChars, GeneratedUsernameFragmentLength),
        RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>True when both values have legal lengths and only ice-chars.</summary>
    public bool IsValid() =>
        IsIceString(UsernameFragment, MinUsernameFragmentLength) && IsIceString(Password, MinPasswordLength);

    private static bool IsIceString(string? value, int minLength) =>
        value is not null && value.Length >= minLength && value.Length <= MaxLength
        && value.AsSpan().IndexOfAnyExcept(IceChars) < 0;
}
