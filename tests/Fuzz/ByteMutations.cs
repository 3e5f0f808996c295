using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// Damage to the bytes of a well-formed file, aimed by its <see cref="GgufLayout"/>: flipped bits, truncation
/// inside every kind of field, and counts, lengths, types and offsets overwritten with absurd values.
/// </summary>
internal static class ByteMutations
{
    private static readonly GgufFieldKind[] AllKinds = Enum.GetValues<GgufFieldKind>();

    private static readonly GgufFieldKind[] CountsAndLengths =
    [
        GgufFieldKind.TensorCount, GgufFieldKind.KvCount, GgufFieldKind.KeyLength, GgufFieldKind.StringLength,
        GgufFieldKind.ArrayCount, GgufFieldKind.TensorNameLength, GgufFieldKind.DimensionCount, GgufFieldKind.Dimension,
    ];

    private static readonly GgufFieldKind[] TypeFields =
        [GgufFieldKind.ValueType, GgufFieldKind.ArrayElementType, GgufFieldKind.TensorType];

    public static string FlipTableBits(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        int flips = 1 + random.Next(4);
        var at = new List<string>();
        for (int i = 0; i < flips; i++)
        {
            GgufField field = Pick(layout, random, kind => kind != GgufFieldKind.TensorData);
            long offset = field.Offset + random.NextInt64(Math.Max(1, field.Size));
            bytes[offset] ^= (byte)(1 << random.Next(8));
            at.Add($"{field.Label}@{offset}");
        }

        return $"flipped {flips} bit(s) in {string.Join(", ", at)}";
    }

    public static string FlipDataBits(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        GgufField field = Pick(layout, random, kind => kind == GgufFieldKind.TensorData);
        int flips = 1 + random.Next(16);
        for (int i = 0; i < flips; i++)
        {
            // High bytes hold the exponent: flipping there makes infinities and NaNs, not just noise.
            long offset = field.Offset + random.NextInt64(field.Size);
            bytes[offset] ^= (byte)(1 << random.Next(8));
        }

        return $"flipped {flips} bit(s) in {field.Label}";
    }

    public static string PoisonData(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        GgufField field = Pick(layout, random, kind => kind == GgufFieldKind.TensorData);
        float value = AbsurdValues.Float32[round % AbsurdValues.Float32.Length];
        bool whole = random.Next(2) == 0;
        long count = whole ? field.Size / 4 : 1 + random.Next(8);
        for (long i = 0; i < count; i++)
        {
            long offset = field.Offset + (whole ? i * 4 : random.NextInt64(field.Size / 4) * 4);
            // Written as F32 bit patterns; in an F16 tensor that gives two halves of odd values, also fine.
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)offset, 4), value);
        }

        return $"{(whole ? "every value" : $"{count} value(s)")} of {field.Label} set to {value}";
    }

    public static (string, byte[]) Truncate(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        // Cycle through every kind of field, then cut at its start, inside it, or at its last byte.
        GgufFieldKind kind = AllKinds[round % AllKinds.Length];
        GgufField field = Pick(layout, random, k => k == kind);
        long[] cuts = [field.Offset, field.Offset + 1, field.Offset + field.Size / 2, field.Offset + field.Size - 1, field.Offset + field.Size];
        long cut = Math.Clamp(cuts[(round / AllKinds.Length) % cuts.Length], 0, bytes.Length - 1);
        return ($"truncated to {cut} of {bytes.Length} bytes, in {field.Label}", bytes[..(int)cut]);
    }

    public static string OverwriteCount(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        GgufFieldKind kind = CountsAndLengths[round % CountsAndLengths.Length];
        GgufField field = Pick(layout, random, k => k == kind);
        return WriteAbsurd(bytes, field, random);
    }

    public static string OverwriteType(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        GgufFieldKind kind = TypeFields[round % TypeFields.Length];
        GgufField field = Pick(layout, random, k => k == kind);
        uint value = AbsurdValues.TypeIds[random.Next(AbsurdValues.TypeIds.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)field.Offset, 4), value);
        return $"{field.Label} set to {value}";
    }

    public static string OverwriteOffset(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        List<GgufField> offsets = layout.Fields.Where(f => f.Kind == GgufFieldKind.TensorOffset).ToList();
        GgufField field = offsets[random.Next(offsets.Count)];
        Span<byte> slot = bytes.AsSpan((int)field.Offset, 8);
        ulong current = BinaryPrimitives.ReadUInt64LittleEndian(slot);
        ulong other = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)offsets[random.Next(offsets.Count)].Offset, 8));
        ulong dataLength = (ulong)(bytes.Length - layout.DataOffset);
        (string What, ulong Value) choice = (round % 9) switch
        {
            0 => ("misaligned by 1", current + 1UL),
            1 => ("moved one alignment on", current + 32),
            2 => ("overlapping another tensor", other),
            3 => ("at the end of the data", dataLength),
            4 => ("past the end of the file", dataLength + 32 * (ulong)(1 + random.Next(1000))),
            5 => ("the largest u64", ulong.MaxValue),
            6 => ("wrapping around", ulong.MaxValue - 31),
            7 => ("zero", 0),
            _ => ("moved back one alignment", current - 32),
        };
        BinaryPrimitives.WriteUInt64LittleEndian(slot, choice.Value);
        return $"{field.Label} {choice.What} ({choice.Value})";
    }

    public static string OverwriteHeader(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        switch (round % 3)
        {
            case 0:
                uint version = AbsurdValues.UInt32[random.Next(AbsurdValues.UInt32.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4, 4), version);
                return $"version set to {version}";
            case 1:
                byte[][] magics = ["GGUG"u8.ToArray(), "gguf"u8.ToArray(), "GGML"u8.ToArray(), "FUGG"u8.ToArray(), new byte[4]];
                byte[] magic = magics[random.Next(magics.Length)];
                magic.CopyTo(bytes, 0);
                return $"magic set to {BitConverter.ToString(magic)}";
            default:
                int run = 1 + random.Next(24);
                random.NextBytes(bytes.AsSpan(0, run));
                return $"first {run} byte(s) randomised";
        }
    }

    public static string RandomRun(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        long start = random.NextInt64(layout.DataOffset);
        int length = (int)Math.Min(1 + random.Next(32), layout.DataOffset - start);
        random.NextBytes(bytes.AsSpan((int)start, length));
        return $"{length} random byte(s) at {start} ({FieldAt(layout, start).Label})";
    }

    public static string BadText(byte[] bytes, GgufLayout layout, Random random, int round)
    {
        GgufFieldKind[] kinds = [GgufFieldKind.KeyText, GgufFieldKind.StringText, GgufFieldKind.TensorName];
        GgufField field = Pick(layout, random, k => k == kinds[round % kinds.Length]);
        if (field.Size == 0)
        {
            return $"nothing to change in the empty {field.Label}";
        }

        // Invalid UTF-8 lead and continuation bytes, NUL, and one changed letter (a key or name that almost matches).
        byte[] replacements = [0xFF, 0xC0, 0x80, 0xFE, 0x00, 0xED];
        long at = field.Offset + random.NextInt64(field.Size);
        byte replacement = round % 4 == 3 ? (byte)(bytes[at] + 1) : replacements[random.Next(replacements.Length)];
        bytes[at] = replacement;
        return $"byte {at - field.Offset} of {field.Label} set to 0x{replacement:X2}";
    }

    private static string WriteAbsurd(byte[] bytes, GgufField field, Random random)
    {
        if (field.Size == 8)
        {
            ulong value = AbsurdValues.UInt64[random.Next(AbsurdValues.UInt64.Length)];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)field.Offset, 8), value);
            return $"{field.Label} set to {value}";
        }

        uint small = AbsurdValues.UInt32[random.Next(AbsurdValues.UInt32.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)field.Offset, 4), small);
        return $"{field.Label} set to {small}";
    }

    private static GgufField Pick(GgufLayout layout, Random random, Func<GgufFieldKind, bool> kind)
    {
        List<GgufField> candidates = layout.Fields.Where(f => kind(f.Kind)).ToList();
        if (candidates.Count == 0)
        {
            // A kind this file lacks (no padding when the table ends aligned): any field will do.
            candidates = [.. layout.Fields];
        }

        return candidates[random.Next(candidates.Count)];
    }

    private static GgufField FieldAt(GgufLayout layout, long offset) =>
        layout.Fields.Last(f => f.Offset <= offset);
}
