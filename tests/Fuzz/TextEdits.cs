using System;
using System.Linq;
using System.Text;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// The edits the grammar and schema mutators share. Each draws from the case's generator in a fixed order, so
/// a case number always gives the same text.
/// </summary>
internal static class TextEdits
{
    public static string Delete(StringBuilder text, Random random, int at, int most)
    {
        int length = 1 + random.Next(Math.Min(most, text.Length - at));
        text.Remove(at, length);
        return $"deleted {length} at {at}";
    }

    /// <summary>Repeats a span a few times, or now and then <paramref name="many"/> times.</summary>
    public static string Duplicate(StringBuilder text, Random random, int at, int longest, int many)
    {
        int span = 1 + random.Next(Math.Min(longest, text.Length - at));
        string piece = text.ToString(at, span);
        int times = random.Next(4) == 0 ? many : 1 + random.Next(3);
        text.Insert(at, string.Concat(Enumerable.Repeat(piece, times)));
        return $"duplicated {span} at {at} ×{times}";
    }

    public static string InsertOneOf(StringBuilder text, Random random, int at, string[] inserts)
    {
        string insert = inserts[random.Next(inserts.Length)];
        text.Insert(at, insert);
        return $"inserted {Show(insert)} at {at}";
    }

    public static string Cut(StringBuilder text, int at)
    {
        text.Length = at;
        return $"cut at {at}";
    }

    /// <summary>Control characters and surrogates as \uXXXX, so a case name prints and logs safely.</summary>
    public static string Show(string text) =>
        string.Concat(text.Select(c => c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
