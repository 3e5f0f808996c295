using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace NorwegianLlama.TestModels;

/// <summary>
/// A small SentencePiece ("llama") vocabulary with a Norwegian and chat flavour. llama.cpp's SPM tokenizer starts
/// from single characters and only merges adjacent pairs whose concatenation is itself a piece, so every prefix of
/// every word is included to keep whole words reachable; anything else falls back to the 256 byte tokens.
/// A larger vocabulary (for models of a real shape) continues with filler word pieces; see <see cref="For"/>.
/// </summary>
internal sealed class TestVocabulary
{
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EosId = 2;

    /// <summary>SentencePiece's stand-in for a space (U+2581), also prepended to the start of the text.</summary>
    private const string Space = "\u2581";

    // Filler pieces are "▁" plus strings over this alphabet, shortest first, so each one's prefixes come before it.
    private const string FillerAlphabet = "abcdefghijklmnopqrstuvwxyzæøå";

    // Words only ever get the ▁ form: text starts with the prepended ▁ and words follow spaces, and with every
    // prefix of "▁word" present the greedy merge can always grow the leftmost piece until the word is whole.
    // Imperatives appear capitalised only, as they open a prompt.
    private static readonly string[] Words =
    [
        "hei", "hallo", "takk", "god", "dag", "morgen", "norsk", "norge", "oslo",
        "jeg", "du", "deg", "er", "det", "en", "et", "og", "å", "på", "til", "med", "som", "har", "kan", "vil",
        "ikke", "hva", "hvordan", "hvorfor", "hvor", "går", "mer", "svar", "spørsmål", "tekst", "teksten",
        "dikt", "om", "fjord", "fjell", "fjellet", "sjø", "bær", "blåbær", "grønn", "rød", "være", "gjøre", "også",
        "ære", "søster", "brødre", "år", "både",
        "you", "are", "a", "helpful", "assistant", "please", "answer", "the", "same", "language", "as", "user",
        "is", "this", "test", "question",
        "Hei", "Takk", "Jeg", "Det", "Hva", "Hvordan", "Hvorfor", "Hvor", "Norge", "Oslo",
        "Fortell", "Skriv", "Oppsummer", "Svar", "Blåbær", "You", "Please", "The",
        "INST", "SYS", "Instruction", "Input", "Response",
    ];

    // Prompt-format markers also start lines and follow other markers without a space, so they get both forms.
    private static readonly string[] Markers = ["[INST]", "[/INST]", "<<SYS>>", "<</SYS>>", "###"];

    private TestVocabulary(int size)
    {
        var pieces = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<LlamaTokenType> { LlamaTokenType.Unknown, LlamaTokenType.Control, LlamaTokenType.Control };

        // llama.cpp parses the hex back out of "<0xAB>"; without all 256 it aborts on the first unknown character.
        for (int b = 0; b < 256; b++)
        {
            pieces.Add($"<0x{b:X2}>");
            types.Add(LlamaTokenType.Byte);
        }

        int firstNormal = pieces.Count;
        var seen = new HashSet<string>(pieces, StringComparer.Ordinal);
        foreach (string piece in NormalPieces())
        {
            if (seen.Add(piece))
            {
                pieces.Add(piece);
                types.Add(LlamaTokenType.Normal);
            }
        }

        if (size > 0 && size < pieces.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The vocabulary has {pieces.Count} pieces of its own; it can only be padded to more.");
        }

        using (IEnumerator<string> fillers = FillerPieces().GetEnumerator())
        {
            while (pieces.Count < size && fillers.MoveNext())
            {
                if (seen.Add(fillers.Current))
                {
                    pieces.Add(fillers.Current);
                    types.Add(LlamaTokenType.Normal);
                }
            }
        }

        if (pieces.Count < size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Filler pieces run out at {pieces.Count} pieces.");
        }

        var scores = new float[pieces.Count];
        for (int id = firstNormal; id < pieces.Count; id++)
        {
            // Longer pieces win merges; the tiny id-based term only breaks ties deterministically.
            scores[id] = (float)(RuneCount(pieces[id]) - id * 1e-4);
        }

        Pieces = pieces.AsReadOnly();
        Scores = Array.AsReadOnly(scores);
        TokenTypes = types.ConvertAll(type => (int)type).AsReadOnly();
    }

    /// <summary>The built-in vocabulary every default model uses (read-only: it is handed out publicly and shared).</summary>
    public static TestVocabulary Default { get; } = new(0);

    public ReadOnlyCollection<string> Pieces { get; }

    public ReadOnlyCollection<float> Scores { get; }

    public ReadOnlyCollection<int> TokenTypes { get; }

    /// <summary>
    /// The vocabulary of <paramref name="spec"/>: the built-in one, or padded to <see cref="TestModelSpec.VocabularySize"/>
    /// with filler pieces "▁a", "▁b", …, "▁aa", "▁ab", … over the Norwegian alphabet, shortest first. Every
    /// filler's prefixes are pieces too, so all are reachable, and generated text tokenizes back to about one
    /// token per piece, as with a real vocabulary.
    /// </summary>
    public static TestVocabulary For(TestModelSpec spec) => spec.VocabularySize == 0 ? Default : new TestVocabulary(spec.VocabularySize);

    /// <summary>How many tokens <see cref="For"/> gives, without building the pieces.</summary>
    public static int SizeFor(TestModelSpec spec) => spec.VocabularySize == 0 ? Default.Pieces.Count : spec.VocabularySize;

    private static IEnumerable<string> NormalPieces()
    {
        yield return Space;

        // The space itself is not a piece: SentencePiece replaces it with ▁ before tokenizing.
        for (char c = '!'; c <= '~'; c++)
        {
            yield return c.ToString();
        }

        foreach (string letter in new[] { "æ", "ø", "å", "Æ", "Ø", "Å" })
        {
            yield return letter;
        }

        foreach (string word in Words)
        {
            foreach (string prefix in Prefixes(Space + word))
            {
                yield return prefix;
            }
        }

        foreach (string marker in Markers)
        {
            foreach (string prefix in Prefixes(Space + marker))
            {
                yield return prefix;
            }

            foreach (string prefix in Prefixes(marker))
            {
                yield return prefix;
            }
        }
    }

    private static IEnumerable<string> FillerPieces()
    {
        for (int length = 1; length <= 4; length++)
        {
            var digits = new int[length];
            while (true)
            {
                var piece = new StringBuilder(Space, length + 1);
                foreach (int digit in digits)
                {
                    piece.Append(FillerAlphabet[digit]);
                }

                yield return piece.ToString();

                // Odometer over the alphabet: the last letter turns fastest.
                int position = length - 1;
                while (position >= 0 && ++digits[position] == FillerAlphabet.Length)
                {
                    digits[position--] = 0;
                }

                if (position < 0)
                {
                    break;
                }
            }
        }
    }

    // Rune-wise, so a prefix never ends in half a surrogate pair.
    private static IEnumerable<string> Prefixes(string word)
    {
        var prefix = new StringBuilder();
        foreach (Rune rune in word.EnumerateRunes())
        {
            prefix.Append(rune.ToString());
            yield return prefix.ToString();
        }
    }

    private static int RuneCount(string piece)
    {
        int count = 0;
        foreach (Rune _ in piece.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
