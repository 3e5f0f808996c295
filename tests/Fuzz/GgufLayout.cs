using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// The byte map of a well-formed GGUF v3 file: every header, key/value and tensor-table field and every tensor's
/// data, so mutations can hit a chosen kind of field instead of a random byte. Only for files the test model
/// writer produced: it trusts its input.
/// </summary>
public sealed class GgufLayout
{
    private readonly List<GgufField> fields = new();
    private readonly List<(string Name, long[] Shape, uint Type)> tensors = new();

    private GgufLayout()
    {
    }

    public IReadOnlyList<GgufField> Fields => fields;

    public long DataOffset { get; private set; }

    /// <summary>Each tensor's name, shape (ne0 first) and ggml type, in file order.</summary>
    public IReadOnlyList<(string Name, long[] Shape, uint Type)> Tensors => tensors;

    public static GgufLayout Parse(byte[] file)
    {
        var layout = new GgufLayout();
        var cursor = new Cursor(file, layout.fields);
        cursor.Take(GgufFieldKind.Magic, 4, "magic");
        cursor.Take(GgufFieldKind.Version, 4, "version");
        ulong tensorCount = cursor.TakeUInt64(GgufFieldKind.TensorCount, "tensor count");
        ulong kvCount = cursor.TakeUInt64(GgufFieldKind.KvCount, "key/value count");
        uint alignment = 32;

        for (ulong i = 0; i < kvCount; i++)
        {
            string key = cursor.TakeString(GgufFieldKind.KeyLength, GgufFieldKind.KeyText, "key");
            uint type = cursor.TakeUInt32(GgufFieldKind.ValueType, $"{key} type");
            if (type == 9)
            {
                uint elementType = cursor.TakeUInt32(GgufFieldKind.ArrayElementType, $"{key} element type");
                ulong count = cursor.TakeUInt64(GgufFieldKind.ArrayCount, $"{key} count");
                for (ulong element = 0; element < count; element++)
                {
                    cursor.TakeValue(elementType, $"{key}[{element}]");
                }
            }
            else
            {
                long at = cursor.Position;
                cursor.TakeValue(type, key);
                if (key == "general.alignment" && type == 4)
                {
                    alignment = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)at, 4));
                }
            }
        }

        var dataRanges = new List<(string Name, ulong Offset, long Size)>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            string name = cursor.TakeString(GgufFieldKind.TensorNameLength, GgufFieldKind.TensorName, "tensor name");
            uint dimensions = cursor.TakeUInt32(GgufFieldKind.DimensionCount, $"{name} dimensions");
            long elements = 1;
            var shape = new long[dimensions];
            for (uint d = 0; d < dimensions; d++)
            {
                shape[d] = (long)cursor.TakeUInt64(GgufFieldKind.Dimension, $"{name} ne{d}");
                elements *= shape[d];
            }

            uint ggmlType = cursor.TakeUInt32(GgufFieldKind.TensorType, $"{name} ggml type");
            layout.tensors.Add((name, shape, ggmlType));
            ulong offset = cursor.TakeUInt64(GgufFieldKind.TensorOffset, $"{name} offset");
            dataRanges.Add((name, offset, ggmlType == 1 ? elements * 2 : elements * 4));
        }

        long dataOffset = (cursor.Position + alignment - 1) / alignment * alignment;
        if (dataOffset > cursor.Position)
        {
            cursor.Take(GgufFieldKind.Padding, dataOffset - cursor.Position, "padding before data");
        }

        layout.DataOffset = dataOffset;
        foreach ((string name, ulong offset, long size) in dataRanges)
        {
            layout.fields.Add(new GgufField(GgufFieldKind.TensorData, dataOffset + (long)offset, size, $"{name} data"));
        }

        return layout;
    }

    private sealed class Cursor(byte[] file, List<GgufField> fields)
    {
        public long Position { get; private set; }

        public void Take(GgufFieldKind kind, long size, string label)
        {
            fields.Add(new GgufField(kind, Position, size, label));
            Position += size;
        }

        public uint TakeUInt32(GgufFieldKind kind, string label)
        {
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)Position, 4));
            Take(kind, 4, label);
            return value;
        }

        public ulong TakeUInt64(GgufFieldKind kind, string label)
        {
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)Position, 8));
            Take(kind, 8, label);
            return value;
        }

        public string TakeString(GgufFieldKind lengthKind, GgufFieldKind textKind, string label)
        {
            ulong length = TakeUInt64(lengthKind, $"{label} length");
            string text = Encoding.UTF8.GetString(file, (int)Position, (int)length);
            Take(textKind, (long)length, $"{label} '{text}'");
            return text;
        }

        public void TakeValue(uint type, string label)
        {
            switch (type)
            {
                case 8:
                    TakeString(GgufFieldKind.StringLength, GgufFieldKind.StringText, label);
                    break;
                case 0 or 1 or 7:
                    Take(GgufFieldKind.ScalarValue, 1, label);
                    break;
                case 2 or 3:
                    Take(GgufFieldKind.ScalarValue, 2, label);
                    break;
                case 4 or 5 or 6:
                    Take(GgufFieldKind.ScalarValue, 4, label);
                    break;
                case 10 or 11 or 12:
                    Take(GgufFieldKind.ScalarValue, 8, label);
                    break;
                default:
                    throw new NotSupportedException($"Value type {type} of {label} is not written by the test model writer.");
            }
        }
    }
}
