namespace NorwegianLlama.Fuzz;

/// <summary>What a field of a GGUF file holds, so a mutation can aim at counts, lengths, types or offsets.</summary>
public enum GgufFieldKind
{
    Magic,
    Version,
    TensorCount,
    KvCount,
    KeyLength,
    KeyText,
    ValueType,
    ScalarValue,
    StringLength,
    StringText,
    ArrayElementType,
    ArrayCount,
    TensorNameLength,
    TensorName,
    DimensionCount,
    Dimension,
    TensorType,
    TensorOffset,
    Padding,
    TensorData,
}

/// <summary>One field of a parsed file: where it is, how long, and a label a report can show.</summary>
public sealed record GgufField(GgufFieldKind Kind, long Offset, long Size, string Label);
