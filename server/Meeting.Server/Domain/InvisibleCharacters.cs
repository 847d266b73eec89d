using System.Globalization;
using System.Text;

namespace Meeting.Server.Domain;

/// <summary>Characters that render as nothing, or reorder what follows, which a name must not contain:
/// with them "Ada" and "A\u200Bda" look alike, and one participant can pass for another.</summary>
internal static class InvisibleCharacters
{
    /// <summary>True when <paramref name="text"/> holds a format character (Unicode category Cf: zero-width
    /// spaces and joiners U+200B-U+200D, the bidi marks U+200E/U+200F, U+061C, embeddings and overrides
    /// U+202A-U+202E, isolates U+2066-U+2069, invisible operators U+2060-U+2064, the byte-order mark
    /// U+FEFF, soft hyphen U+00AD, tags U+E0000-U+E007F, ...) or a letter that draws as blank space
    /// (the Hangul fillers, U+034F, the Khmer inherent vowels, Mongolian variation selectors, the blank
    /// Braille pattern). The zero-width joiner goes too, and with it joined emoji such as U+1F469 U+200D
    /// U+1F4BB: a name is read to tell people apart, where a lone emoji does as well. Call on text that is already printable
    /// (<see cref="TextRules.IsPrintable"/>): lone surrogates are skipped here.</summary>
    public static bool Contains(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format || IsBlankLetter(rune.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBlankLetter(int value) => value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5
        or 0x180B or 0x180C or 0x180D or 0x180F or 0x2800 or 0x3164 or 0xFFA0;
}
