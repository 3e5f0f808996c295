using System;
using System.Collections.Generic;
using System.IO;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// Reads a GGUF file's header, metadata and tensor table without touching tensor data, so an 8 GB model
/// answers in milliseconds. Checks what llama.cpp would otherwise trip over: counts, types, alignment,
/// and tensor data that must lie inside the file.
/// </summary>
internal static class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian u32
    private const int MaxDimensions = 4;   // GGML_MAX_DIMS
    private const int MaxArrayNesting = 4;
    private const int DefaultAlignment = 32;

    // Offsets beyond this are corruption; below it, data past the end of the file means a cut-off download.
    private const ulong PlausibleFileSize = 1UL << 40;

    /// <summary>Arrays up to this many items are kept whole; longer ones are only counted.</summary>
    public const int RetainedArrayItems = 16;

    public static GgufFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 1 << 16, FileOptions.SequentialScan);
        return Read(stream);
    }

    public static GgufFile Read(Stream stream)
    {
        var reader = new BoundedReader(stream, stream.Length);
        if (reader.Length < 4 || reader.ReadUInt32() != Magic)
        {
            throw new GgufFormatException(GgufErrorKind.NotGguf, 0, GgufFormatMessages.NoGgufMagic());
        }

        uint version = ReadVersion(reader);

        // Smallest possible entries: a tensor info is name length + n_dims + one dim + type + offset,
        // a key/value is key length + type + one byte of value.
        long tensorCount = reader.ReadCount(HeaderField.TensorCount, 8 + 4 + 8 + 4 + 8);
        long keyValueCount = reader.ReadCount(HeaderField.MetadataKeyCount, 8 + 4 + 1);

        var metadata = new List<KeyValuePair<string, GgufValue>>((int)Math.Min(keyValueCount, 4096));
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < keyValueCount; i++)
        {
            long at = reader.Position;
            string key = reader.ReadString(HeaderField.MetadataKey);
            if (!seenKeys.Add(key))
            {
                throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.MetadataKeyTwice(key));
            }

            GgufValueType type = ReadType(reader, key);
            metadata.Add(new(key, ReadValue(reader, type, key, depth: 0)));
        }

        int alignment = ReadAlignment(metadata);
        var tensors = ReadTensorInfos(reader, tensorCount, alignment);

        long dataOffset = AlignUp(reader.Position, alignment);
        CheckTensorData(tensors, dataOffset, reader.Length);

        return new GgufFile
        {
            Version = version,
            FileSize = reader.Length,
            Alignment = alignment,
            DataOffset = dataOffset,
            Metadata = metadata,
            Tensors = tensors,
        };
    }

    private static uint ReadVersion(BoundedReader reader)
    {
        long at = reader.Position;
        uint version = reader.ReadUInt32();
        if (version is 2 or 3)
        {
            return version;
        }

        string why = version switch
        {
            1 => GgufFormatMessages.GgufVersion1Obsolete(),
            _ when (version & 0xFFFF) == 0 && version != 0 => GgufFormatMessages.GgufBigEndian(),
            _ => GgufFormatMessages.GgufVersionUnsupported(version),
        };
        throw new GgufFormatException(GgufErrorKind.UnsupportedVersion, at, why);
    }

    /// <summary>
    /// Reads every item of a string array that the header read only counted (a vocabulary), from the
    /// position recorded for it; for checks that need the whole list.
    /// </summary>
    public static IEnumerable<string> ReadStringArray(string path, GgufArray array)
    {
        if (array.ElementType != GgufValueType.String)
        {
            throw new ArgumentException($"The array holds {array.ElementType}, not strings.", nameof(array));
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 1 << 16, FileOptions.SequentialScan);
        var reader = new BoundedReader(stream, stream.Length);
        reader.Skip(array.ItemsOffset);
        for (long i = 0; i < array.Count; i++)
        {
            yield return reader.ReadString(HeaderField.ArrayItem);
        }
    }

    private static GgufValueType ReadType(BoundedReader reader, string key)
    {
        long at = reader.Position;
        uint raw = reader.ReadUInt32();
        if (raw > (uint)GgufValueType.Float64)
        {
            throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.UnknownValueType(key, raw));
        }

        return (GgufValueType)raw;
    }

    private static GgufValue ReadValue(BoundedReader reader, GgufValueType type, string key, int depth)
    {
        if (type != GgufValueType.Array)
        {
            return GgufValue.FromScalar(type, ReadScalar(reader, type, key));
        }

        long at = reader.Position;
        GgufValueType elementType = ReadType(reader, key);
        if (elementType == GgufValueType.Array && depth + 1 >= MaxArrayNesting)
        {
            throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.ArraysNestedTooDeeply(key));
        }

        long count = reader.ReadCount(HeaderField.ArrayCount, MinimumSize(elementType), key);
        long itemsOffset = reader.Position;
        bool keep = count <= RetainedArrayItems;
        var items = keep ? new List<object>((int)count) : null;
        for (long i = 0; i < count; i++)
        {
            if (elementType == GgufValueType.Array)
            {
                object nested = ReadValue(reader, elementType, key, depth + 1);
                items?.Add(nested);
            }
            else if (keep)
            {
                items!.Add(ReadScalar(reader, elementType, key));
            }
            else if (elementType == GgufValueType.String)
            {
                reader.SkipString(HeaderField.KeyArrayItem, key);
            }
            else
            {
                reader.Skip(MinimumSize(elementType));
            }
        }

        return GgufValue.FromArray(new GgufArray(elementType, count, items, itemsOffset));
    }

    private static object ReadScalar(BoundedReader reader, GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => (sbyte)reader.ReadByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => (short)reader.ReadUInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => (int)reader.ReadUInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => ReadBool(reader, key),
        GgufValueType.String => reader.ReadString(HeaderField.KeyValue, key),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => (long)reader.ReadUInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        _ => throw new GgufFormatException(GgufErrorKind.Malformed, reader.Position, GgufFormatMessages.ScalarExpected(key, type.ToString())),
    };

    private static bool ReadBool(BoundedReader reader, string key)
    {
        long at = reader.Position;
        byte raw = reader.ReadByte();
        return raw switch
        {
            0 => false,
            1 => true,
            _ => throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.BooleanInvalid(key, raw)),
        };
    }

    private static long MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
        GgufValueType.Array => 4 + 8,
        _ => 1,
    };

    private static int ReadAlignment(List<KeyValuePair<string, GgufValue>> metadata)
    {
        foreach (var pair in metadata)
        {
            if (pair.Key != "general.alignment")
            {
                continue;
            }

            if (pair.Value.Scalar is uint alignment && alignment != 0 && (alignment & (alignment - 1)) == 0 && alignment <= 1 << 20)
            {
                return (int)alignment;
            }

            throw new GgufFormatException(GgufErrorKind.Malformed, 0,
                GgufFormatMessages.AlignmentInvalid(pair.Value.Type.ToString(), pair.Value.Scalar));
        }

        return DefaultAlignment;
    }

    private static List<GgufTensorInfo> ReadTensorInfos(BoundedReader reader, long tensorCount, int alignment)
    {
        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 65536));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            long at = reader.Position;
            string name = reader.ReadString(HeaderField.TensorName);
            if (!names.Add(name))
            {
                throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.TensorTwice(name));
            }

            uint dimensionCount = reader.ReadUInt32();
            if (dimensionCount is 0 or > MaxDimensions)
            {
                throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.TensorDimensionCount(name, dimensionCount, MaxDimensions));
            }

            var dimensions = new long[dimensionCount];
            long elements = 1;
            for (int d = 0; d < dimensionCount; d++)
            {
                ulong extent = reader.ReadUInt64();
                if (extent > int.MaxValue)
                {
                    throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.TensorDimensionAbsurd(name, extent));
                }

                dimensions[d] = (long)extent;
                elements = MultiplyOrThrow(elements, (long)extent, name, at);
            }

            uint typeId = reader.ReadUInt32();
            long offsetAt = reader.Position;
            ulong offset = reader.ReadUInt64();
            if (offset % (ulong)alignment != 0 || offset > PlausibleFileSize)
            {
                throw new GgufFormatException(GgufErrorKind.Malformed, offsetAt,
                    GgufFormatMessages.TensorOffsetInvalid(name, offset, alignment));
            }

            long? byteSize = null;
            if (GgmlType.TryGet(typeId, out GgmlType type))
            {
                byteSize = type.ByteSizeOf(elements) ?? throw new GgufFormatException(GgufErrorKind.Malformed, at,
                    GgufFormatMessages.TensorPartialBlocks(name, elements, type.Name, type.BlockSize));
            }
            else
            {
                throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.TensorTypeUnknown(name, typeId));
            }

            tensors.Add(new GgufTensorInfo(name, dimensions, typeId, (long)offset, elements, byteSize));
        }

        return tensors;
    }

    private static void CheckTensorData(List<GgufTensorInfo> tensors, long dataOffset, long fileSize)
    {
        var ordered = new List<GgufTensorInfo>(tensors);
        ordered.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        long previousEnd = 0;
        string? previousName = null;
        foreach (GgufTensorInfo tensor in ordered)
        {
            if (tensor.Offset < previousEnd)
            {
                throw new GgufFormatException(GgufErrorKind.Malformed, dataOffset + tensor.Offset,
                    GgufFormatMessages.TensorDataOverlaps(tensor.Name, previousName));
            }

            long end = tensor.Offset + (tensor.ByteSize ?? 0);
            if (dataOffset + end > fileSize)
            {
                throw new GgufFormatException(GgufErrorKind.Truncated, fileSize,
                    GgufFormatMessages.TensorDataBeyondFile(fileSize, tensor.Name, dataOffset + end));
            }

            previousEnd = end;
            previousName = tensor.Name;
        }
    }

    private static long MultiplyOrThrow(long a, long b, string tensor, long at)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException)
        {
            throw new GgufFormatException(GgufErrorKind.Malformed, at, GgufFormatMessages.TensorTooManyElements(tensor));
        }
    }

    private static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
