using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// llama.cpp maps every piece to its id and asserts that no two ids share a piece, aborting the process on a
/// duplicate. Its SentencePiece tokenizer falls back to the byte tokens &lt;0x00&gt;…&lt;0xFF&gt; for any character it
/// lacks, and aborts the whole process when one of them is missing: checked here, where it is only an error.
/// </summary>
internal static class VocabularyCheck
{
    public static string? FindProblem(string path, GgufFile file)
    {
        bool sentencePiece = file.FindString("tokenizer.ggml.model") == "llama";
        if (file.Find("tokenizer.ggml.tokens")?.Array is not { ElementType: GgufValueType.String } tokens || tokens.Count == 0)
        {
            return sentencePiece ? ModelFileMessages.NoTokenList() : null;
        }

        var missing = new HashSet<string>(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        var ids = new Dictionary<string, int>(System.StringComparer.Ordinal);
        int id = 0;
        IEnumerable<string> pieces = tokens.Items?.Cast<string>() ?? GgufReader.ReadStringArray(path, tokens);
        foreach (string stored in pieces)
        {
            // llama.cpp reads each piece as a C string, so a NUL ends it: "ab\0c" is the piece "ab".
            int nul = stored.IndexOf('\0', System.StringComparison.Ordinal);
            string piece = nul < 0 ? stored : stored[..nul];
            if (!ids.TryAdd(piece, id))
            {
                return ModelFileMessages.PieceTwice(piece, ids[piece], id);
            }

            missing.Remove(piece);
            id++;
        }

        if (!sentencePiece || missing.Count == 0)
        {
            return null;
        }

        return ModelFileMessages.ByteTokensMissing(missing.Count, missing.First());
    }
}
