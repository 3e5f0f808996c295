using NorwegianLlama.Inference;

namespace NorwegianLlama.Commands.Output;

/// <summary>The verbose line that says which file a cmdlet works with and what taking it from the cache cost.</summary>
internal static class LoadReport
{
    public static string Describe(ModelLease lease, string file, LoraSet loras)
    {
        string adapters = loras.IsEmpty ? "" : $" with {loras}";
        return lease.LoadedNow ? $"Loaded '{file}'{adapters} in {lease.Model.LoadDuration.TotalMilliseconds:N0} ms."
            : lease.AdaptersLoadedNow ? $"Loaded {loras} onto the cached weights of '{file}'."
            : lease.CreatedNow ? $"Cached '{file}'{adapters}, using the weights and adapters already loaded."
            : $"'{file}'{adapters} was already loaded.";
    }
}
