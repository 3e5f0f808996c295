using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>What judging carried answer ids needs from a model's vocabulary, without depending on llama.cpp.</summary>
internal interface ITokenVocabulary
{
    /// <summary>Equal for two vocabularies only when every id means the same piece in both.</summary>
    string Fingerprint { get; }

    int Count { get; }

    /// <summary>The text the ids write as an answer, or null when one of them writes nothing (a control token).</summary>
    /// <param name="ids">Ids within [0, <see cref="Count"/>).</param>
    string? Decode(IReadOnlyList<int> ids);
}
