namespace NorwegianLlama.Resources;

/// <summary>Why llama.cpp should not be given a model file, and what a file that is not GGUF holds; each the detail after a model file error.</summary>
internal static class ModelFileMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.ModelFileMessages");

    public static string NoArchitecture() => Table.Get(nameof(NoArchitecture));

    public static string NoTensors() => Table.Get(nameof(NoTensors));

    public static string TensorMisaligned(string name, long start, int alignment, int declaredAlignment) => Table.Format(nameof(TensorMisaligned), name, start, alignment, declaredAlignment);

    public static string RequiredKeyMissing(string key) => Table.Format(nameof(RequiredKeyMissing), key);

    public static string KeyNotInteger(string key, string type) => Table.Format(nameof(KeyNotInteger), key, type);

    public static string KeyNotPositive(string key, object? value) => Table.Format(nameof(KeyNotPositive), key, value);

    public static string TooFewTensorsForLayers(long layers, int tensors) => Table.Format(nameof(TooFewTensorsForLayers), layers, tensors);

    public static string EmbeddingNotMultipleOfHeads(long embedding, long heads) => Table.Format(nameof(EmbeddingNotMultipleOfHeads), embedding, heads);

    public static string KvHeadsDoNotDivideHeads(long kvHeads, long heads) => Table.Format(nameof(KvHeadsDoNotDivideHeads), kvHeads, heads);

    public static string EpsilonInvalid(object? value) => Table.Format(nameof(EpsilonInvalid), value);

    public static string MixtureOfExperts(string key, object? value) => Table.Format(nameof(MixtureOfExperts), key, value);

    public static string NoTokenizer() => Table.Get(nameof(NoTokenizer));

    public static string TokenTableLength(string table, long entries, long tokens) => Table.Format(nameof(TokenTableLength), table, entries, tokens);

    public static string SpecialTokenOutOfRange(string key, long id, long tokens) => Table.Format(nameof(SpecialTokenOutOfRange), key, id, tokens);

    public static string TensorMissing(string name) => Table.Format(nameof(TensorMissing), name);

    public static string TensorShapeMismatch(string name, string actual, string expected) => Table.Format(nameof(TensorShapeMismatch), name, actual, expected);

    public static string NormTensorNotF32(string name, string type) => Table.Format(nameof(NormTensorNotF32), name, type);

    public static string TensorTypeNotComputable(string name, string type) => Table.Format(nameof(TensorTypeNotComputable), name, type);

    public static string NoTokenList() => Table.Get(nameof(NoTokenList));

    public static string PieceTwice(string piece, int firstId, int secondId) => Table.Format(nameof(PieceTwice), piece, firstId, secondId);

    public static string ByteTokensMissing(int missing, string example) => Table.Format(nameof(ByteTokensMissing), missing, example);

    public static string GptqFolder() => Table.Get(nameof(GptqFolder));

    public static string HuggingFaceFolderOneSafetensors() => Table.Get(nameof(HuggingFaceFolderOneSafetensors));

    public static string HuggingFaceFolderSafetensors(int count) => Table.Format(nameof(HuggingFaceFolderSafetensors), count);

    public static string HuggingFaceFolderOnePytorchBin() => Table.Get(nameof(HuggingFaceFolderOnePytorchBin));

    public static string HuggingFaceFolderPytorchBins(int count) => Table.Format(nameof(HuggingFaceFolderPytorchBins), count);

    public static string GgmlAdapter(string label) => Table.Format(nameof(GgmlAdapter), label);

    public static string GgmlFile(string label) => Table.Format(nameof(GgmlFile), label);

    public static string PickleCheckpoint() => Table.Get(nameof(PickleCheckpoint));

    public static string TorchZipCheckpoint() => Table.Get(nameof(TorchZipCheckpoint));

    public static string SafetensorsFile() => Table.Get(nameof(SafetensorsFile));

    public static string GptqSafetensors() => Table.Get(nameof(GptqSafetensors));
}
