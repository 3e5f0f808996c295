using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace NorwegianLlama.Tests;

internal enum GgufFieldRole
{
    Magic,
    Version,
    TensorCount,
    KeyValueCount,
    KeyLength,
    KeyBytes,
    ValueType,
    ScalarValue,
    StringValueLength,
    StringValueBytes,
    ArrayElementType,
    ArrayCount,
    TensorNameLength,
    TensorNameBytes,
    DimensionCount,
    TensorType,
    TensorOffset,
}

/// <param name="Owner">The metadata key or tensor name the field belongs to.</param>
/// <param name="WireType">For values: the GGUF value type number the field is stored as.</param>
internal sealed record GgufField(GgufFieldRole Role, int Offset, int Length, string Owner, uint WireType = 0);

/// <summary>
/// Where every field of a well-formed GGUF header sits, found by a walk of its own (not the reader under test),
/// so a test can corrupt one field on purpose and know what the reader must make of it. Array items are skipped.
/// </summary>
internal static class GgufFieldMap
{
    private const uint StringType = 8;
    private const uint ArrayType = 9;

    public static List<GgufField> Of(byte[] bytes)
    {
        var fields = new List<GgufField>();
        int at = 0;
        GgufField Take(GgufFieldRole role, int length, string owner = "", uint wireType = 0)
        {
            var field = new GgufField(role, at, length, owner, wireType);
            fields.Add(field);
            at += length;
            return field;
        }

        ulong U64(GgufField field) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(field.Offset));
        uint U32(GgufField field) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(field.Offset));

        Take(GgufFieldRole.Magic, 4);
        Take(GgufFieldRole.Version, 4);
        ulong tensorCount = U64(Take(GgufFieldRole.TensorCount, 8));
        ulong keyValueCount = U64(Take(GgufFieldRole.KeyValueCount, 8));

        for (ulong i = 0; i < keyValueCount; i++)
        {
            int keyLength = (int)U64(Take(GgufFieldRole.KeyLength, 8));
            string key = Encoding.UTF8.GetString(bytes, at, keyLength);
            Take(GgufFieldRole.KeyBytes, keyLength, key);
            uint type = U32(Take(GgufFieldRole.ValueType, 4, key));
            if (type == ArrayType)
            {
                uint elementType = U32(Take(GgufFieldRole.ArrayElementType, 4, key, ArrayType));
                ulong count = U64(Take(GgufFieldRole.ArrayCount, 8, key, elementType));
                for (ulong item = 0; item < count; item++)
                {
                    at += elementType == StringType
                        ? 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at))
                        : ScalarSize(elementType);
                }
            }
            else if (type == StringType)
            {
                int length = (int)U64(Take(GgufFieldRole.StringValueLength, 8, key, type));
                Take(GgufFieldRole.StringValueBytes, length, key, type);
            }
            else
            {
                Take(GgufFieldRole.ScalarValue, ScalarSize(type), key, type);
            }
        }

        for (ulong i = 0; i < tensorCount; i++)
        {
            int nameLength = (int)U64(Take(GgufFieldRole.TensorNameLength, 8));
            string name = Encoding.UTF8.GetString(bytes, at, nameLength);
            Take(GgufFieldRole.TensorNameBytes, nameLength, name);
            uint dimensions = U32(Take(GgufFieldRole.DimensionCount, 4, name));
            at += 8 * (int)dimensions;
            Take(GgufFieldRole.TensorType, 4, name);
            Take(GgufFieldRole.TensorOffset, 8, name);
        }

        return fields;
    }

    public static int ScalarSize(uint type) => type switch
    {
        0 or 1 or 7 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        10 or 11 or 12 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a fixed-size GGUF scalar type"),
    };
}
