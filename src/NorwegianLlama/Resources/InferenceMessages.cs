namespace NorwegianLlama.Resources;

/// <summary>Failures of the native runtime and of inference that reach the user, one whole sentence per case.</summary>
internal static class InferenceMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.InferenceMessages");

    public static string NativeLibraryUnavailable(string reason) => Table.Format(nameof(NativeLibraryUnavailable), reason);

    public static string NoNativeBuildForPlatform(string runtimeIdentifier) => Table.Format(nameof(NoNativeBuildForPlatform), runtimeIdentifier);

    public static string NoNativeBuildInModule(string runtimeIdentifier, string library, string folders, string moduleDirectory) => Table.Format(nameof(NoNativeBuildInModule), runtimeIdentifier, library, folders, moduleDirectory);

    public static string LoraLoadFailed(string path) => Table.Format(nameof(LoraLoadFailed), path);

    public static string DecodeFailed(string result) => Table.Format(nameof(DecodeFailed), result);

    public static string NoBeginningOfSequenceToken() => Table.Get(nameof(NoBeginningOfSequenceToken));

    public static string NoEndOfSequenceToken() => Table.Get(nameof(NoEndOfSequenceToken));

    public static string NoGpuBackend(long layers) => Table.Format(nameof(NoGpuBackend), layers);

    public static string GpuLayersOff(string backend, long layers, string variable) => Table.Format(nameof(GpuLayersOff), backend, layers, variable);

    public static string GpuLayersAll(string backend, long layers) => Table.Format(nameof(GpuLayersAll), backend, layers);

    public static string GpuLayersSome(string backend, int offloaded, long layers) => Table.Format(nameof(GpuLayersSome), backend, offloaded, layers);
}
