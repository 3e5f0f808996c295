using NorwegianLlama.Inference;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Output;

/// <summary>The verbose line that says which file a cmdlet works with and what taking it from the cache cost.</summary>
internal static class LoadReport
{
    public static string Describe(ModelLease lease, string file, LoraSet loras)
    {
        string adapters = loras.ToString();
        return lease.LoadedNow
            ? loras.IsEmpty ? VerboseMessages.Loaded(file, lease.Model.LoadDuration.TotalMilliseconds) : VerboseMessages.LoadedWithAdapters(file, adapters, lease.Model.LoadDuration.TotalMilliseconds)
            : lease.AdaptersLoadedNow ? VerboseMessages.AdaptersLoaded(adapters, file)
            : lease.CreatedNow ? loras.IsEmpty ? VerboseMessages.Cached(file) : VerboseMessages.CachedWithAdapters(file, adapters)
            : loras.IsEmpty ? VerboseMessages.AlreadyLoaded(file) : VerboseMessages.AlreadyLoadedWithAdapters(file, adapters);
    }
}
