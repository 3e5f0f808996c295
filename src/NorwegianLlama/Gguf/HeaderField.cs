using System.Diagnostics;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// A length-prefixed field of a GGUF header. Each field has its own sentences for a length the file cannot hold,
/// rather than one sentence with the field's name filled in: Norwegian inflects the noun and orders the words
/// differently.
/// </summary>
internal enum HeaderField
{
    TensorCount,
    MetadataKeyCount,
    /// <summary>The item count of the array under a key.</summary>
    ArrayCount,
    MetadataKey,
    /// <summary>A string of a vocabulary read after the header.</summary>
    ArrayItem,
    /// <summary>A string of the array under a key, skipped while reading the header.</summary>
    KeyArrayItem,
    /// <summary>The string value of a key.</summary>
    KeyValue,
    TensorName,
}

internal static class HeaderFieldMessages
{
    public static string CountTooLarge(HeaderField field, string? key, ulong count, long remaining) => field switch
    {
        HeaderField.TensorCount => GgufFormatMessages.TensorCountTooLarge(count, remaining),
        HeaderField.MetadataKeyCount => GgufFormatMessages.MetadataKeyCountTooLarge(count, remaining),
        HeaderField.ArrayCount => GgufFormatMessages.ArrayCountTooLarge(key!, count, remaining),
        _ => throw new UnreachableException($"{field} is not a count."),
    };

    public static string TooLong(HeaderField field, string? key, long length) => field switch
    {
        HeaderField.MetadataKey => GgufFormatMessages.MetadataKeyTooLong(length),
        HeaderField.ArrayItem => GgufFormatMessages.ArrayItemTooLong(length),
        HeaderField.KeyValue => GgufFormatMessages.KeyValueTooLong(key!, length),
        HeaderField.TensorName => GgufFormatMessages.TensorNameTooLong(length),
        _ => throw new UnreachableException($"{field} is not read as a string."),
    };

    public static string NotUtf8(HeaderField field, string? key) => field switch
    {
        HeaderField.MetadataKey => GgufFormatMessages.MetadataKeyNotUtf8(),
        HeaderField.ArrayItem => GgufFormatMessages.ArrayItemNotUtf8(),
        HeaderField.KeyValue => GgufFormatMessages.KeyValueNotUtf8(key!),
        HeaderField.TensorName => GgufFormatMessages.TensorNameNotUtf8(),
        _ => throw new UnreachableException($"{field} is not read as a string."),
    };

    public static string BeyondFile(HeaderField field, string? key, ulong length, long remaining) => field switch
    {
        HeaderField.MetadataKey => GgufFormatMessages.MetadataKeyBeyondFile(length, remaining),
        HeaderField.ArrayItem => GgufFormatMessages.ArrayItemBeyondFile(length, remaining),
        HeaderField.KeyArrayItem => GgufFormatMessages.KeyArrayItemBeyondFile(key!, length, remaining),
        HeaderField.KeyValue => GgufFormatMessages.KeyValueBeyondFile(key!, length, remaining),
        HeaderField.TensorName => GgufFormatMessages.TensorNameBeyondFile(length, remaining),
        _ => throw new UnreachableException($"{field} is not a string."),
    };
}
