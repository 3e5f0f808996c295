using System;
using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>
/// The token ids a model generated for an answer (without the end-of-sequence token), and the vocabulary they
/// are ids of. Re-tokenising the answer's text can give other ids than the model wrote, and then a warm context's
/// KV cache no longer matches the next prompt from inside the answer on.
/// </summary>
/// <param name="Vocabulary">The fingerprint of the vocabulary the ids belong to.</param>
internal sealed record AnswerTokens(IReadOnlyList<int> Ids, string Vocabulary)
{
    /// <summary>
    /// Ids as a script or a JSON file hands them over (ConvertFrom-Json makes them Int64s), or null when there are
    /// none or they are not all whole numbers: such a message is simply rendered from its text.
    /// </summary>
    public static AnswerTokens? TryCreate(IEnumerable<object?>? ids, string? vocabulary)
    {
        if (ids is null || string.IsNullOrEmpty(vocabulary))
        {
            return null;
        }

        var list = new List<int>();
        foreach (object? id in ids)
        {
            switch (id)
            {
                case int value:
                    list.Add(value);
                    break;
                case long value when value is >= int.MinValue and <= int.MaxValue:
                    list.Add((int)value);
                    break;
                case short or ushort or byte or sbyte:
                    list.Add(Convert.ToInt32(id, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    return null;
            }
        }

        return list.Count == 0 ? null : new AnswerTokens(list.ToArray(), vocabulary);
    }

    /// <summary>Ids written as <see cref="IdText"/> writes them, or null when that is not what the text is.</summary>
    public static AnswerTokens? TryParse(string? ids, string? vocabulary)
    {
        if (ids is null)
        {
            return null;
        }

        var list = new List<object?>();
        foreach (string part in ids.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int id))
            {
                return null;
            }

            list.Add(id);
        }

        return TryCreate(list, vocabulary);
    }

    /// <summary>The ids as decimal numbers separated by spaces: how conversations carry them in objects and files.</summary>
    public string IdText() => string.Join(' ', Ids);
}
