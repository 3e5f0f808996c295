using System;
using System.Globalization;
using System.IO;
using NorwegianLlama.Store;

namespace NorwegianLlama.Inference.PromptCache;

/// <summary>
/// Where the prompt cache lives and how large it may grow, read from the environment on every use so a
/// script can change them between calls.
/// </summary>
internal sealed record PromptCacheSettings(bool Enabled, string Folder, long MaxBytes)
{
    public const string SwitchVariable = "NORSK_PROMPT_CACHE";
    public const string FolderVariable = "NORSK_CACHE_DIR";
    public const string SizeVariable = "NORSK_PROMPT_CACHE_SIZE";
    public const long DefaultMaxBytes = 2L << 30;

    public static PromptCacheSettings FromEnvironment() => new(
        EnvironmentSwitch.IsOnFor(SwitchVariable),
        ResolveFolder(Environment.GetEnvironmentVariable(FolderVariable)),
        ParseSize(Environment.GetEnvironmentVariable(SizeVariable)) ?? DefaultMaxBytes);

    /// <summary>$env:NORSK_CACHE_DIR, else NorwegianLlama/cache in the data folder the models folder is in.</summary>
    public static string ResolveFolder(string? configured) => configured is { Length: > 0 }
        ? Path.GetFullPath(ModelStore.ExpandHome(configured))
        : Path.Combine(ModelStore.DataHome(), "NorwegianLlama", "cache");

    /// <summary>Bytes, or a number with KB, MB or GB counted as PowerShell does (1KB = 1024); null when unreadable.</summary>
    public static long? ParseSize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string text = value.Trim().ToUpperInvariant();
        long unit = 1;
        foreach ((string suffix, long size) in new[] { ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40) })
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                (text, unit) = (text[..^suffix.Length].TrimEnd(), size);
                break;
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number >= 0 && number * unit < long.MaxValue
            ? (long)(number * unit)
            : null;
    }
}
