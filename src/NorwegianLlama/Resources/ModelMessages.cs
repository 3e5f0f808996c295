namespace NorwegianLlama.Resources;

/// <summary>Errors about model and adapter files, loading them, and the settings that shape a loaded model, one whole sentence per case.</summary>
internal static class ModelMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.ModelMessages");

    public static string ModelFileUnreadable(string path, string reason) => Table.Format(nameof(ModelFileUnreadable), path, reason);

    public static string ModelFileNotGguf(string path, string detail) => Table.Format(nameof(ModelFileNotGguf), path, detail);

    public static string ModelGgufVersionUnsupported(string path, string detail) => Table.Format(nameof(ModelGgufVersionUnsupported), path, detail);

    public static string ModelFileTruncated(string path, string detail) => Table.Format(nameof(ModelFileTruncated), path, detail);

    public static string ModelFileMalformed(string path, string detail) => Table.Format(nameof(ModelFileMalformed), path, detail);

    public static string ModelNotLoadable(string path, string problem) => Table.Format(nameof(ModelNotLoadable), path, problem);

    public static string ModelFileIsAdapter(string path) => Table.Format(nameof(ModelFileIsAdapter), path);

    public static string ModelLoadFailed(string path, string reason) => Table.Format(nameof(ModelLoadFailed), path, reason);

    public static string ModelNotLoaded(string path) => Table.Format(nameof(ModelNotLoaded), path);

    public static string ModelNotSpecified(string folder) => Table.Format(nameof(ModelNotSpecified), folder);

    public static string PromptExceedsContext(int promptTokens, int available, int contextSize) => Table.Format(nameof(PromptExceedsContext), promptTokens, available, contextSize);

    public static string GenerationFailed(string reason) => Table.Format(nameof(GenerationFailed), reason);

    public static string ForeignModel(string path, string description) => Table.Format(nameof(ForeignModel), path, description);

    public static string GptqNotReadable() => Table.Get(nameof(GptqNotReadable));

    public static string GgmlNoLongerRead() => Table.Get(nameof(GgmlNoLongerRead));

    public static string GgufSources(string repository13b, string repository7b) => Table.Format(nameof(GgufSources), repository13b, repository7b);

    public static string ConvertHuggingFaceFolder() => Table.Get(nameof(ConvertHuggingFaceFolder));

    public static string ConvertGptq() => Table.Get(nameof(ConvertGptq));

    public static string ConvertGgml() => Table.Get(nameof(ConvertGgml));

    public static string ConvertCheckpoint() => Table.Get(nameof(ConvertCheckpoint));

    public static string ForeignModelAction() => Table.Get(nameof(ForeignModelAction));

    public static string LoraFileUnreadable(string path, string reason) => Table.Format(nameof(LoraFileUnreadable), path, reason);

    public static string LoraFileNotGguf(string path, string detail) => Table.Format(nameof(LoraFileNotGguf), path, detail);

    public static string LoraGgufVersionUnsupported(string path, string detail) => Table.Format(nameof(LoraGgufVersionUnsupported), path, detail);

    public static string LoraFileTruncated(string path, string detail) => Table.Format(nameof(LoraFileTruncated), path, detail);

    public static string LoraFileMalformed(string path, string detail) => Table.Format(nameof(LoraFileMalformed), path, detail);

    public static string LoraUnusable(string path, string problem) => Table.Format(nameof(LoraUnusable), path, problem);

    public static string LoraUnusableWithModel(string path, string modelPath, string problem) => Table.Format(nameof(LoraUnusableWithModel), path, modelPath, problem);

    public static string LoraScaleCountMismatch(int scales, int paths) => Table.Format(nameof(LoraScaleCountMismatch), scales, paths);

    public static string LoraScaleWithoutPath() => Table.Get(nameof(LoraScaleWithoutPath));

    public static string LoraScaleInvalid(float scale) => Table.Format(nameof(LoraScaleInvalid), scale);

    public static string LoraPathDuplicate(string path) => Table.Format(nameof(LoraPathDuplicate), path);

    public static string LoraLoadFailed(string path, string reason) => Table.Format(nameof(LoraLoadFailed), path, reason);

    public static string KvCacheKeysUnsupported(string modelPath, string type, long headWidth, int blockSize) => Table.Format(nameof(KvCacheKeysUnsupported), modelPath, type, headWidth, blockSize);

    public static string KvCacheValuesUnsupported(string modelPath, string type, long headWidth, int blockSize) => Table.Format(nameof(KvCacheValuesUnsupported), modelPath, type, headWidth, blockSize);

    public static string KvCacheAllocationFailed(string modelPath, string reason) => Table.Format(nameof(KvCacheAllocationFailed), modelPath, reason);

    public static string GpuLayersVariableInvalid(string variable, string value) => Table.Format(nameof(GpuLayersVariableInvalid), variable, value);

    public static string PromptCacheClearFailed(string path, string reason) => Table.Format(nameof(PromptCacheClearFailed), path, reason);
}
