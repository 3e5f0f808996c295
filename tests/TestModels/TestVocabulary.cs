using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace NorwegianLlama.TestModels;

/// <summary>
/// A small SentencePiece ("llama") vocabulary with a Norwegian and chat flavour. llama.cpp's SPM tokenizer starts
/// from single characters and only merges adjacent pairs whose concatenation is itself a piece, so every prefix of
/// every word is included to keep whole words reachable; anything else falls back to the 256 byte tokens.
/// </summary>
internal static class TestVocabulary
{
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EosId = 2;

    /// <summary>SentencePiece's stand-in for a space (U+2581), also prepended to the start of the text.</summary>
    private const string Space = "\u2581";

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

    // Read-only wrappers, because Pieces is handed out publicly and shared by every model written.
    private static readonly (ReadOnlyCollection<string> Pieces, ReadOnlyCollection<float> Scores, ReadOnlyCollection<int> Types) Built = Build();

    public static ReadOnlyCollection<string> Pieces => Built.Pieces;

    public static ReadOnlyCollection<float> Scores => Built.Scores;

    public static ReadOnlyCollection<int> TokenTypes => Built.Types;

    private static (ReadOnlyCollection<string>, ReadOnlyCollection<float>, ReadOnlyCollection<int>) Build()
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

        var scores = new float[pieces.Count];
        for (int id = firstNormal; id < pieces.Count; id++)
        {
            // Longer pieces win merges; the tiny id-based term only breaks ties deterministically.
            scores[id] = (float)(RuneCount(pieces[id]) - id * 1e-4);
        }

        return (pieces.AsReadOnly(), Array.AsReadOnly(scores), types.ConvertAll(type => (int)type).AsReadOnly());
    }

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
