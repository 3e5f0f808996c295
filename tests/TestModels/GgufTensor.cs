using System;
using System.IO;

namespace NorwegianLlama.TestModels;

/// <summary>
/// One tensor: ggml shape with ne0 (the contiguous dimension) first, ggml type id, and its raw little-endian data
/// as <see cref="DataLength"/> bytes that <see cref="WriteData"/> writes when the file is written (so a large
/// model streams to disk rather than being held in memory).
/// </summary>
internal sealed record GgufTensor(string Name, long[] Shape, uint GgmlType, long DataLength, Action<Stream> WriteData)
{
    public const uint F32 = 0;
    public const uint F16 = 1;

    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dimension in Shape)
            {
                count = checked(count * dimension);
            }

            return count;
        }
    }

    /// <summary>Bytes per element for the types whose size this library can check, or null for any other type.</summary>
    public static int? ElementSize(uint ggmlType) => ggmlType switch
    {
        F32 => sizeof(float),
        F16 => 2,
        _ => null,
    };
}
