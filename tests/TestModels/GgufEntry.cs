using System.Collections.Generic;

namespace NorwegianLlama.TestModels;

/// <summary>One metadata key/value. For arrays <see cref="Value"/> holds the normalised elements.</summary>
internal sealed record GgufEntry(string Key, GgufValueType Type, GgufValueType ElementType, object Value)
{
    public IReadOnlyList<object> Elements => (IReadOnlyList<object>)Value;
}
