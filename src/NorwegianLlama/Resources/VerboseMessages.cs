namespace NorwegianLlama.Resources;

/// <summary>
/// The cmdlets' -Verbose lines: what was loaded, cached, allocated, generated, installed or deleted. One whole
/// sentence per case, since a Bokmål sentence with or without adapters is not the English one with a part left out.
/// </summary>
internal static class VerboseMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.VerboseMessages");

    public static string Loaded(string file, double milliseconds) => Table.Format(nameof(Loaded), file, milliseconds);

    public static string LoadedWithAdapters(string file, string adapters, double milliseconds) =>
        Table.Format(nameof(LoadedWithAdapters), file, adapters, milliseconds);

    public static string AdaptersLoaded(string adapters, string file) => Table.Format(nameof(AdaptersLoaded), adapters, file);

    public static string Cached(string file) => Table.Format(nameof(Cached), file);

    public static string CachedWithAdapters(string file, string adapters) => Table.Format(nameof(CachedWithAdapters), file, adapters);

    public static string AlreadyLoaded(string file) => Table.Format(nameof(AlreadyLoaded), file);

    public static string AlreadyLoadedWithAdapters(string file, string adapters) => Table.Format(nameof(AlreadyLoadedWithAdapters), file, adapters);

    public static string UnloadedRepacked(string file) => Table.Format(nameof(UnloadedRepacked), file);

    public static string UnloadedNotRepacked(string file) => Table.Format(nameof(UnloadedNotRepacked), file);

    public static string UnloadedOtherGpuLayers(string file, int gpuLayers) => Table.Format(nameof(UnloadedOtherGpuLayers), file, gpuLayers);

    public static string WeightsRepacked() => Table.Get(nameof(WeightsRepacked));

    public static string WeightsNotRepacked() => Table.Get(nameof(WeightsNotRepacked));

    public static string KvCacheAllocated(string kvCache, long cells, string size, double milliseconds) =>
        Table.Format(nameof(KvCacheAllocated), kvCache, cells, size, milliseconds);

    public static string KvCacheAllocatedPart(string kvCache, long cells, long contextSize, string size, double milliseconds) =>
        Table.Format(nameof(KvCacheAllocatedPart), kvCache, cells, contextSize, size, milliseconds);

    public static string KvCacheAlreadyAllocated(string kvCache, long cells, string size) =>
        Table.Format(nameof(KvCacheAlreadyAllocated), kvCache, cells, size);

    public static string KvCacheAlreadyAllocatedPart(string kvCache, long cells, long contextSize, string size) =>
        Table.Format(nameof(KvCacheAlreadyAllocatedPart), kvCache, cells, contextSize, size);

    public static string SamplingSeed(uint seed) => Table.Format(nameof(SamplingSeed), seed);

    public static string GeneratedInContext(long contextSize, long cells, string kvCache) =>
        Table.Format(nameof(GeneratedInContext), contextSize, cells, kvCache);

    public static string AnswerTokens(long promptTokens, long reusedTokens, long writtenTokens, double seconds) =>
        Table.Format(nameof(AnswerTokens), promptTokens, reusedTokens, writtenTokens, seconds);

    public static string UsingInstalledModel(string path) => Table.Format(nameof(UsingInstalledModel), path);

    public static string PromptCacheFolder(string folder) => Table.Format(nameof(PromptCacheFolder), folder);

    public static string Deleted(string path) => Table.Format(nameof(Deleted), path);

    public static string AlreadyInstalled(string path) => Table.Format(nameof(AlreadyInstalled), path);

    public static string Downloading(string uri, string path) => Table.Format(nameof(Downloading), uri, path);

    public static string UnloadingFirst(string path) => Table.Format(nameof(UnloadingFirst), path);

    public static string AnsweringInParts(string input, int parts, int pass) => Table.Format(nameof(AnsweringInParts), input, parts, pass);

    public static string ReadVocabulary(string path) => Table.Format(nameof(ReadVocabulary), path);

    public static string ListingModels(string folder) => Table.Format(nameof(ListingModels), folder);
}
