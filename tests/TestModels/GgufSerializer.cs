using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NorwegianLlama.TestModels;

/// <summary>Lays out and encodes a GGUF v3 file: header, metadata, tensor infos, then the aligned data section.</summary>
internal static class GgufSerializer
{
    private const uint Version = 3;

    private static readonly byte[] Magic = "GGUF"u8.ToArray();

    // Throwing on lone surrogates beats writing U+FFFD, which would make a key differ from what the test asked for.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(Stream stream, int alignment, IReadOnlyList<GgufEntry> entries, IReadOnlyList<GgufTensor> tensors)
    {
        // The header is small, so building it in memory gives its length, and with it the padding before the data.
        using var header = new MemoryStream();
        using (var writer = new BinaryWriter(header, Utf8, leaveOpen: true))
        {
            WriteHeader(writer, alignment, entries, tensors);
        }

        header.WriteTo(stream);
        WritePadding(stream, header.Length, alignment);

        foreach (GgufTensor tensor in tensors)
        {
            WriteData(stream, tensor);

            // gguf.cpp expects every tensor, the last included, to occupy a whole number of alignment units.
            WritePadding(stream, tensor.DataLength, alignment);
        }

        // A sparse last tensor seeks past the end without writing; the file must still reach its announced size.
        if (stream.CanSeek && stream.Length < stream.Position)
        {
            stream.SetLength(stream.Position);
        }
    }

    private static void WriteHeader(BinaryWriter writer, int alignment, IReadOnlyList<GgufEntry> entries, IReadOnlyList<GgufTensor> tensors)
    {
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)entries.Count);

        foreach (GgufEntry entry in entries)
        {
            WriteString(writer, entry.Key);
            writer.Write((uint)entry.Type);
            if (entry.Type == GgufValueType.Array)
            {
                writer.Write((uint)entry.ElementType);
                writer.Write((ulong)entry.Elements.Count);
                foreach (object element in entry.Elements)
                {
                    WriteScalar(writer, entry.ElementType, element);
                }
            }
            else
            {
                WriteScalar(writer, entry.Type, entry.Value);
            }
        }

        long offset = 0;
        foreach (GgufTensor tensor in tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Shape.Length);
            foreach (long dimension in tensor.Shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(tensor.GgmlType);
            writer.Write((ulong)offset);
            offset += AlignUp(tensor.DataLength, alignment);
        }
    }

    // A tensor writing more or fewer bytes than announced would shift every later tensor: fail instead.
    private static void WriteData(Stream stream, GgufTensor tensor)
    {
        long start = stream.CanSeek ? stream.Position : -1;
        tensor.WriteData(stream);
        if (start >= 0 && stream.Position - start != tensor.DataLength)
        {
            throw new InvalidOperationException(
                $"Tensor '{tensor.Name}' wrote {stream.Position - start} bytes of data instead of {tensor.DataLength}.");
        }
    }

    // BinaryWriter is little-endian on every platform, as GGUF requires.
    private static void WriteScalar(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write((byte)value); break;
            case GgufValueType.Int8: writer.Write((sbyte)value); break;
            case GgufValueType.UInt16: writer.Write((ushort)value); break;
            case GgufValueType.Int16: writer.Write((short)value); break;
            case GgufValueType.UInt32: writer.Write((uint)value); break;
            case GgufValueType.Int32: writer.Write((int)value); break;
            case GgufValueType.UInt64: writer.Write((ulong)value); break;
            case GgufValueType.Int64: writer.Write((long)value); break;
            case GgufValueType.Float32: writer.Write((float)value); break;
            case GgufValueType.Float64: writer.Write((double)value); break;
            case GgufValueType.Bool: writer.Write((byte)((bool)value ? 1 : 0)); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            default: throw new InvalidOperationException($"Unexpected GGUF value type {type}.");
        }
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        byte[] bytes = Utf8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WritePadding(Stream stream, long length, int alignment)
    {
        long padding = AlignUp(length, alignment) - length;
        if (padding > 0)
        {
            stream.Write(new byte[padding]);
        }
    }

    private static long AlignUp(long length, int alignment) => (length + alignment - 1) / alignment * alignment;
}
