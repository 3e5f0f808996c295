using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Tests;

/// <summary>
/// One corrupted copy of a model and the verdict the reader owes it: rejected with a given kind of
/// GgufFormatException, or read back exactly as the original except for the lines the corruption changed.
/// </summary>
internal sealed record GgufCorruption(string Kind, string What, byte[] Bytes, GgufErrorKind? Rejected, List<string>? Expected)
{
    /// <summary>Null when the reader's verdict is the one owed, else what it did instead.</summary>
    public string? Check()
    {
        GgufFile file;
        try
        {
            file = GgufReader.Read(new MemoryStream(Bytes));
        }
        catch (GgufFormatException e)
        {
            return Rejected == e.Kind ? null : $"rejected as {e.Kind} ({e.Message}), expected {Describe()}";
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name} ({e.Message}), expected {Describe()}";
        }

        if (Rejected is not null)
        {
            return $"accepted, expected {Describe()}";
        }

        List<string> actual = GgufFileDump.Of(file);
        int differs = Enumerable.Range(0, Math.Max(actual.Count, Expected!.Count))
            .FirstOrDefault(i => i >= actual.Count || i >= Expected.Count || actual[i] != Expected[i], -1);
        return differs < 0 ? null
            : $"read back '{actual.ElementAtOrDefault(differs)}' where '{Expected.ElementAtOrDefault(differs)}' was written";
    }

    private string Describe() => Rejected is { } kind ? $"rejection as {kind}" : "the file read back as written";
}

/// <summary>The kinds of corruption, each aimed at one field of a real header, with the verdict each must get.</summary>
internal sealed class GgufCorruptions
{
    public const int KindCount = 17;
    private const ulong PlausibleFileSize = 1UL << 40;
    private const uint BoolType = 7;
    private const uint StringType = 8;

    private readonly byte[] original;
    private readonly List<GgufField> fields;
    private readonly List<string> originalDump;
    private readonly GgufFile originalFile;
    private readonly long lastDataEnd;

    public GgufCorruptions(byte[] original)
    {
        this.original = original;
        fields = GgufFieldMap.Of(original);
        originalFile = GgufReader.Read(new MemoryStream(original));
        originalDump = GgufFileDump.Of(originalFile);
        lastDataEnd = originalFile.Tensors.Max(t => originalFile.DataOffset + t.Offset + t.ByteSize!.Value);
    }

    public GgufCorruption Make(int kind, Random random) => kind switch
    {
        0 => CutShort(random),
        1 => Overwrite("bad magic", random, Pick(random, GgufFieldRole.Magic), b => b[random.Next(4)] ^= (byte)(1 + random.Next(255)), GgufErrorKind.NotGguf),
        2 => OtherVersion(random),
        3 => SetCount("absurd count", random, (ulong)random.NextInt64((long)(PlausibleFileSize * 2), long.MaxValue) | (random.Next(2) == 0 ? 0 : 1UL << 63), GgufErrorKind.Malformed),
        4 => SetCount("count past the end", random, (ulong)random.NextInt64(original.Length, 1L << 30), GgufErrorKind.Truncated),
        5 => SetU32("unknown value type", random, Pick(random, GgufFieldRole.ValueType, GgufFieldRole.ArrayElementType), UnknownAbove(12, random), GgufErrorKind.Malformed),
        6 => SetU32("dimension count out of 1..4", random, Pick(random, GgufFieldRole.DimensionCount), random.Next(2) == 0 ? 0 : UnknownAbove(4, random), GgufErrorKind.Malformed),
        7 => SetU32("unknown ggml type", random, Pick(random, GgufFieldRole.TensorType), UnknownAbove(39, random), GgufErrorKind.Malformed),
        8 => ShiftOffset(random),
        9 => SetU64("absurd tensor offset", random, Pick(random, GgufFieldRole.TensorOffset), AlignDown((ulong)random.NextInt64((long)(PlausibleFileSize * 2), long.MaxValue)), GgufErrorKind.Malformed),
        10 => SetU64("tensor data past the end", random, Pick(random, GgufFieldRole.TensorOffset), AlignDown((ulong)random.NextInt64(original.Length + 64, 1L << 39)), GgufErrorKind.Truncated),
        11 => OverlapTensors(random),
        12 => Duplicate("duplicate tensor name", random, GgufFieldRole.TensorNameBytes),
        13 => Duplicate("duplicate metadata key", random, GgufFieldRole.KeyBytes),
        14 => Overwrite("invalid UTF-8", random, Pick(random, f => f.Length > 0 && f.Role is GgufFieldRole.KeyBytes or GgufFieldRole.TensorNameBytes or GgufFieldRole.StringValueBytes),
            b => b[random.Next(b.Length)] = (byte)(random.Next(2) == 0 ? 0xFF : 0xC0), GgufErrorKind.Malformed),
        15 => EditScalar(random),
        16 => EditString(random),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private GgufCorruption CutShort(Random random)
    {
        int length = random.Next(original.Length);
        byte[] bytes = original[..length];
        string what = $"cut to {length} of {original.Length} bytes";
        if (length < 4)
        {
            return new("cut short", what, bytes, GgufErrorKind.NotGguf, null);
        }

        // Only the padding after the last tensor's data may go: the reader never needed it.
        return length < lastDataEnd
            ? new("cut short", what, bytes, GgufErrorKind.Truncated, null)
            : new("cut short", what, bytes, null, Replace(GgufFileDump.FileSizeLine(original.Length), GgufFileDump.FileSizeLine(length)));
    }

    private GgufCorruption OtherVersion(Random random)
    {
        uint version = random.Next(4) == 0 ? 2 : UnknownAbove(3, random, allowSmall: true);
        GgufField field = Pick(random, GgufFieldRole.Version);
        byte[] bytes = Copy(field, b => BinaryPrimitives.WriteUInt32LittleEndian(b, version));
        return version == 2
            ? new("version", "version 2", bytes, null, Replace(GgufFileDump.VersionLine(3), GgufFileDump.VersionLine(2)))
            : new("version", $"version {version}", bytes, GgufErrorKind.UnsupportedVersion, null);
    }

    private GgufCorruption SetCount(string kind, Random random, ulong value, GgufErrorKind verdict) => SetU64(kind, random,
        Pick(random, GgufFieldRole.TensorCount, GgufFieldRole.KeyValueCount, GgufFieldRole.KeyLength, GgufFieldRole.StringValueLength,
            GgufFieldRole.ArrayCount, GgufFieldRole.TensorNameLength), value, verdict);

    private GgufCorruption ShiftOffset(Random random)
    {
        GgufField field = Pick(random, GgufFieldRole.TensorOffset);
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(original.AsSpan(field.Offset)) + (ulong)random.Next(1, originalFile.Alignment);
        return SetU64("misaligned tensor offset", random, field, offset, GgufErrorKind.Malformed);
    }

    private GgufCorruption OverlapTensors(Random random)
    {
        GgufField[] offsets = [.. fields.Where(f => f.Role == GgufFieldRole.TensorOffset)];
        GgufField from = offsets[random.Next(offsets.Length)];
        GgufField to = offsets.Where(f => f != from).ElementAt(random.Next(offsets.Length - 1));
        ulong shared = BinaryPrimitives.ReadUInt64LittleEndian(original.AsSpan(from.Offset));
        return SetU64("overlapping tensors", random, to, shared, GgufErrorKind.Malformed) with { What = $"'{to.Owner}' moved onto '{from.Owner}'" };
    }

    private GgufCorruption Duplicate(string kind, Random random, GgufFieldRole role)
    {
        // Same-length names only, so nothing else in the header moves.
        var pairs = fields.Where(f => f.Role == role).GroupBy(f => f.Length).Where(g => g.Count() > 1).ToArray();
        GgufField[] group = [.. pairs[random.Next(pairs.Length)]];
        GgufField source = group[random.Next(group.Length)];
        GgufField target = group.Where(f => f != source).ElementAt(random.Next(group.Length - 1));
        byte[] bytes = Copy(target, b => original.AsSpan(source.Offset, source.Length).CopyTo(b));
        return new(kind, $"'{target.Owner}' renamed '{source.Owner}'", bytes, GgufErrorKind.Malformed, null);
    }

    private GgufCorruption EditScalar(Random random)
    {
        GgufField field = Pick(random, f => f.Role == GgufFieldRole.ScalarValue && f.Owner != "general.alignment");
        byte[] value = new byte[field.Length];
        random.NextBytes(value);
        if (field.WireType == BoolType && value[0] > 1 && random.Next(2) == 0)
        {
            return Overwrite("new value", random, field, b => value.CopyTo(b), GgufErrorKind.Malformed) with { What = $"'{field.Owner}' = bool byte {value[0]}" };
        }

        if (field.WireType == BoolType)
        {
            value[0] &= 1;
        }

        byte[] bytes = Copy(field, b => value.CopyTo(b));
        object written = Decode(field.WireType, value);
        string line = GgufFileDump.KeyPrefix(field.Owner) + $"{(GgufValueType)field.WireType} {GgufFileDump.Scalar(written)}";
        return new("new value", $"'{field.Owner}' = {GgufFileDump.Scalar(written)}", bytes, null, ReplaceKey(field.Owner, line));
    }

    private GgufCorruption EditString(Random random)
    {
        GgufField field = Pick(random, f => f.Role == GgufFieldRole.StringValueBytes && f.Length > 0);
        byte letter = (byte)('a' + random.Next(26));
        int at = random.Next(field.Length);
        byte[] bytes = Copy(field, b => b[at] = letter);
        string written = Encoding.UTF8.GetString(bytes, field.Offset, field.Length);
        string line = GgufFileDump.KeyPrefix(field.Owner) + $"{(GgufValueType)StringType} {GgufFileDump.Scalar(written)}";
        return new("new string", $"'{field.Owner}' = \"{written}\"", bytes, null, ReplaceKey(field.Owner, line));
    }

    private GgufCorruption SetU32(string kind, Random random, GgufField field, uint value, GgufErrorKind verdict) =>
        Overwrite(kind, random, field, b => BinaryPrimitives.WriteUInt32LittleEndian(b, value), verdict) with { What = $"{field.Role} of '{field.Owner}' = {value}" };

    private GgufCorruption SetU64(string kind, Random random, GgufField field, ulong value, GgufErrorKind verdict) =>
        Overwrite(kind, random, field, b => BinaryPrimitives.WriteUInt64LittleEndian(b, value), verdict) with { What = $"{field.Role} of '{field.Owner}' = {value}" };

    private GgufCorruption Overwrite(string kind, Random random, GgufField field, SpanAction edit, GgufErrorKind verdict) =>
        new(kind, $"{field.Role} of '{field.Owner}'", Copy(field, edit), verdict, null);

    private delegate void SpanAction(Span<byte> field);

    private byte[] Copy(GgufField field, SpanAction edit)
    {
        byte[] bytes = (byte[])original.Clone();
        edit(bytes.AsSpan(field.Offset, field.Length));
        return bytes;
    }

    private GgufField Pick(Random random, params GgufFieldRole[] roles) => Pick(random, f => roles.Contains(f.Role));

    private GgufField Pick(Random random, Func<GgufField, bool> which)
    {
        GgufField[] candidates = [.. fields.Where(which)];
        return candidates[random.Next(candidates.Length)];
    }

    private List<string> Replace(string line, string with) => [.. originalDump.Select(l => l == line ? with : l)];

    private List<string> ReplaceKey(string key, string with) => [.. originalDump.Select(l => l.StartsWith(GgufFileDump.KeyPrefix(key), StringComparison.Ordinal) ? with : l)];

    private ulong AlignDown(ulong value) => value / (ulong)originalFile.Alignment * (ulong)originalFile.Alignment;

    /// <summary>A number above <paramref name="highestKnown"/>: just above it, or anywhere up to uint.MaxValue.</summary>
    private static uint UnknownAbove(uint highestKnown, Random random, bool allowSmall = false)
    {
        uint value = random.Next(2) == 0
            ? highestKnown + 1 + (uint)random.Next(8)
            : (uint)random.NextInt64(highestKnown + 1, uint.MaxValue + 1L);
        return allowSmall && random.Next(3) == 0 ? (uint)random.Next(2) : value;
    }

    private static object Decode(uint type, byte[] value) => type switch
    {
        0 => value[0],
        1 => (sbyte)value[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(value),
        3 => BinaryPrimitives.ReadInt16LittleEndian(value),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(value),
        5 => BinaryPrimitives.ReadInt32LittleEndian(value),
        6 => BinaryPrimitives.ReadSingleLittleEndian(value),
        7 => value[0] == 1,
        10 => BinaryPrimitives.ReadUInt64LittleEndian(value),
        11 => BinaryPrimitives.ReadInt64LittleEndian(value),
        12 => BinaryPrimitives.ReadDoubleLittleEndian(value),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
