namespace NorwegianLlama.Inference;

/// <summary>
/// Where a stream of bytes stands within UTF-8: which byte may come next so the text stays valid (no stray
/// continuation bytes, overlong forms, surrogates or code points beyond U+10FFFF).
/// </summary>
internal struct Utf8Sequence
{
    private int remaining;
    private byte low;
    private byte high;

    /// <summary>True between the first and last byte of a multi-byte character.</summary>
    public readonly bool InsideCharacter => remaining > 0;

    public readonly bool Allows(byte value) => remaining > 0
        ? value >= low && value <= high
        : value < 0x80 || value is >= 0xC2 and <= 0xF4;

    /// <summary>
    /// Lead bytes whose second byte is narrower than 0x80–0xBF. llama.cpp's grammar decoder does not narrow
    /// it, so after one of these it may count on a continuation this rules out.
    /// </summary>
    public static bool HasNarrowSecondByte(byte lead) => lead is 0xE0 or 0xED or 0xF0 or 0xF4;

    /// <summary>Moves past <paramref name="value"/>, which <see cref="Allows"/> must have accepted.</summary>
    public void Accept(byte value)
    {
        if (remaining > 0)
        {
            remaining--;
            (low, high) = (0x80, 0xBF);
            return;
        }

        // The second byte's range is what rules out overlong forms, surrogates and code points past U+10FFFF.
        (remaining, low, high) = value switch
        {
            < 0x80 => (0, (byte)0, (byte)0),
            < 0xE0 => (1, (byte)0x80, (byte)0xBF),
            0xE0 => (2, (byte)0xA0, (byte)0xBF),
            0xED => (2, (byte)0x80, (byte)0x9F),
            < 0xF0 => (2, (byte)0x80, (byte)0xBF),
            0xF0 => (3, (byte)0x90, (byte)0xBF),
            0xF4 => (3, (byte)0x80, (byte)0x8F),
            _ => (3, (byte)0x80, (byte)0xBF),
        };
    }

    /// <summary>Moves past a whole piece of valid UTF-8 text, which only starts where no character is open.</summary>
    public void AcceptCharacters() => remaining = 0;
}
