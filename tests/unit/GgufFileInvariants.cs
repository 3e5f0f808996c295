using System.Linq;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Tests;

/// <summary>What the reader promises about any file it accepts, however the file was made.</summary>
internal static class GgufFileInvariants
{
    public static string? FirstViolation(GgufFile file, long fileLength)
    {
        if (file.Version is not (2 or 3))
        {
            return $"its version is {file.Version}";
        }

        if (file.FileSize != fileLength || file.DataOffset % file.Alignment != 0 || file.DataOffset > fileLength)
        {
            return $"its data section starts at {file.DataOffset} of {file.FileSize} bytes (alignment {file.Alignment})";
        }

        long previousEnd = 0;
        foreach (GgufTensorInfo tensor in file.Tensors.OrderBy(t => t.Offset))
        {
            if (tensor.Dimensions.Count is 0 or > 4 || tensor.Dimensions.Aggregate(1L, (product, d) => product * d) != tensor.ElementCount)
            {
                return $"tensor '{tensor.Name}' has dimensions [{string.Join(", ", tensor.Dimensions)}] for {tensor.ElementCount} elements";
            }

            if (tensor.ByteSize is null || tensor.Offset % file.Alignment != 0 || tensor.Offset < previousEnd
                || file.DataOffset + tensor.Offset + tensor.ByteSize > fileLength)
            {
                return $"tensor '{tensor.Name}' has {tensor.ByteSize} bytes at offset {tensor.Offset}, inside the file and after the previous tensor's end {previousEnd}";
            }

            previousEnd = tensor.Offset + tensor.ByteSize.Value;
        }

        return file.Tensors.Select(t => t.Name).Distinct().Count() == file.Tensors.Count
            && file.Metadata.Select(m => m.Key).Distinct().Count() == file.Metadata.Count
            ? null
            : "a tensor name or metadata key appears twice";
    }
}
