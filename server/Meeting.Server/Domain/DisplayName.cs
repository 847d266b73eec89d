namespace Meeting.Server.Domain;

/// <summary>What other participants see next to a peer's video: 1–64 printable characters.</summary>
public static class DisplayName
{
    public const int MaxLength = 64;

    /// <summary>Trims the name and rejects control characters, lone surrogates, bidi controls and invisible
    /// characters (<see cref="InvisibleCharacters"/>), which would let one participant disguise or garble
    /// another's label.</summary>
    public static bool TryNormalize(string? text, out string name)
    {
        name = string.Empty;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || !TextRules.IsPrintable(trimmed, allowLineBreaks: false)
            || InvisibleCharacters.Contains(trimmed))
        {
            return false;
        }

        name = trimmed;
        return true;
    }
}
