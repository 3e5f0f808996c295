namespace NorwegianLlama.Resources;

/// <summary>What is wrong in a GGUF header, as the detail after a model or adapter file error; one whole sentence per field and fault.</summary>
internal static class GgufFormatMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.GgufFormatMessages");

    public static string AtByte(string problem, long offset) => Table.Format(nameof(AtByte), problem, offset);

    public static string FileEndsInHeader(long length) => Table.Format(nameof(FileEndsInHeader), length);

    public static string TensorCountTooLarge(ulong count, long remaining) => Table.Format(nameof(TensorCountTooLarge), count, remaining);

    public static string MetadataKeyCountTooLarge(ulong count, long remaining) => Table.Format(nameof(MetadataKeyCountTooLarge), count, remaining);

    public static string ArrayCountTooLarge(string key, ulong count, long remaining) => Table.Format(nameof(ArrayCountTooLarge), key, count, remaining);

    public static string MetadataKeyTooLong(long length) => Table.Format(nameof(MetadataKeyTooLong), length);

    public static string ArrayItemTooLong(long length) => Table.Format(nameof(ArrayItemTooLong), length);

    public static string KeyValueTooLong(string key, long length) => Table.Format(nameof(KeyValueTooLong), key, length);

    public static string TensorNameTooLong(long length) => Table.Format(nameof(TensorNameTooLong), length);

    public static string MetadataKeyNotUtf8() => Table.Get(nameof(MetadataKeyNotUtf8));

    public static string ArrayItemNotUtf8() => Table.Get(nameof(ArrayItemNotUtf8));

    public static string KeyValueNotUtf8(string key) => Table.Format(nameof(KeyValueNotUtf8), key);

    public static string TensorNameNotUtf8() => Table.Get(nameof(TensorNameNotUtf8));

    public static string MetadataKeyBeyondFile(ulong length, long remaining) => Table.Format(nameof(MetadataKeyBeyondFile), length, remaining);

    public static string ArrayItemBeyondFile(ulong length, long remaining) => Table.Format(nameof(ArrayItemBeyondFile), length, remaining);

    public static string KeyArrayItemBeyondFile(string key, ulong length, long remaining) => Table.Format(nameof(KeyArrayItemBeyondFile), key, length, remaining);

    public static string KeyValueBeyondFile(string key, ulong length, long remaining) => Table.Format(nameof(KeyValueBeyondFile), key, length, remaining);

    public static string TensorNameBeyondFile(ulong length, long remaining) => Table.Format(nameof(TensorNameBeyondFile), length, remaining);

    public static string NoGgufMagic() => Table.Get(nameof(NoGgufMagic));

    public static string GgufVersion1Obsolete() => Table.Get(nameof(GgufVersion1Obsolete));

    public static string GgufBigEndian() => Table.Get(nameof(GgufBigEndian));

    public static string GgufVersionUnsupported(uint version) => Table.Format(nameof(GgufVersionUnsupported), version);

    public static string MetadataKeyTwice(string key) => Table.Format(nameof(MetadataKeyTwice), key);

    public static string UnknownValueType(string key, uint type) => Table.Format(nameof(UnknownValueType), key, type);

    public static string ArraysNestedTooDeeply(string key) => Table.Format(nameof(ArraysNestedTooDeeply), key);

    public static string ScalarExpected(string key, string type) => Table.Format(nameof(ScalarExpected), key, type);

    public static string BooleanInvalid(string key, byte value) => Table.Format(nameof(BooleanInvalid), key, value);

    public static string AlignmentInvalid(string type, object? value) => Table.Format(nameof(AlignmentInvalid), type, value);

    public static string TensorTwice(string name) => Table.Format(nameof(TensorTwice), name);

    public static string TensorDimensionCount(string name, uint count, int max) => Table.Format(nameof(TensorDimensionCount), name, count, max);

    public static string TensorDimensionAbsurd(string name, ulong extent) => Table.Format(nameof(TensorDimensionAbsurd), name, extent);

    public static string TensorOffsetInvalid(string name, ulong offset, int alignment) => Table.Format(nameof(TensorOffsetInvalid), name, offset, alignment);

    public static string TensorPartialBlocks(string name, long elements, string type, int blockSize) => Table.Format(nameof(TensorPartialBlocks), name, elements, type, blockSize);

    public static string TensorTypeUnknown(string name, uint type) => Table.Format(nameof(TensorTypeUnknown), name, type);

    public static string TensorDataOverlaps(string name, string? previous) => Table.Format(nameof(TensorDataOverlaps), name, previous);

    public static string TensorDataBeyondFile(long fileSize, string name, long end) => Table.Format(nameof(TensorDataBeyondFile), fileSize, name, end);

    public static string TensorTooManyElements(string name) => Table.Format(nameof(TensorTooManyElements), name);
}
