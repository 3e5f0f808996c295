using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Tests;

/// <summary>A GgufFile as lines of text, one per header fact, so two reads compare line by line.</summary>
internal static class GgufFileDump
{
    public static List<string> Of(GgufFile file)
    {
        var lines = new List<string>
        {
            VersionLine(file.Version),
            FileSizeLine(file.FileSize),
            $"alignment {file.Alignment}",
            $"data {file.DataOffset}",
        };
        lines.AddRange(file.Metadata.Select(pair => ValueLine(pair.Key, pair.Value)));
        lines.AddRange(file.Tensors.Select(t =>
            $"tensor {t.Name} [{string.Join(",", t.Dimensions)}] type {t.TypeId} at {t.Offset} elements {t.ElementCount} bytes {t.ByteSize}"));
        return lines;
    }

    public static string VersionLine(uint version) => $"version {version}";

    public static string FileSizeLine(long size) => $"file {size}";

    public static string KeyPrefix(string key) => $"kv {key} ";

    public static string ValueLine(string key, GgufValue value) => KeyPrefix(key) + (value.Array is { } array
        ? $"{array.ElementType}[{array.Count}] at {array.ItemsOffset} {(array.Items is null ? "(counted)" : string.Join(",", array.Items.Select(Scalar)))}"
        : $"{value.Type} {Scalar(value.Scalar)}");

    /// <summary>Floats by their bits: a corrupted value may be any NaN.</summary>
    public static string Scalar(object? value) => value switch
    {
        float f => $"f32:{BitConverter.SingleToUInt32Bits(f):x8}",
        double d => $"f64:{BitConverter.DoubleToUInt64Bits(d):x16}",
        string s => $"\"{s}\"",
        _ => $"{value?.GetType().Name}:{Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };
}
