using System.Collections.Generic;

namespace NorwegianLlama.Gguf;

/// <param name="Dimensions">ne[0] first: the contiguous dimension.</param>
/// <param name="Offset">Relative to the start of the data section.</param>
/// <param name="ByteSize">Null for ggml types this reader does not know.</param>
internal sealed record GgufTensorInfo(
    string Name,
    IReadOnlyList<long> Dimensions,
    uint TypeId,
    long Offset,
    long ElementCount,
    long? ByteSize)
{
    public string TypeName => GgmlType.TryGet(TypeId, out GgmlType type) ? type.Name : $"Unknown({TypeId})";
}
