using System.Collections.Generic;

namespace NorwegianLlama.Gguf;

/// <summary>
/// One metadata value. Arrays keep their items only when short, because a vocabulary has tens of thousands
/// of entries and nobody reads them from a summary.
/// </summary>
internal sealed record GgufValue(GgufValueType Type, object? Scalar, GgufArray? Array)
{
    public static GgufValue FromScalar(GgufValueType type, object value) => new(type, value, null);

    public static GgufValue FromArray(GgufArray array) => new(GgufValueType.Array, null, array);

    public long? AsInteger() => Scalar switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        _ => null,
    };

    public string? AsString() => Scalar as string;
}

/// <param name="Items">All items when the array is short; null when only counted.</param>
/// <param name="ItemsOffset">Where the first item starts in the file, to read a long array later.</param>
internal sealed record GgufArray(GgufValueType ElementType, long Count, IReadOnlyList<object>? Items, long ItemsOffset);
