using System;
using System.IO;
using NorwegianLlama.Hosting;

namespace NorwegianLlama.Store;

/// <summary>
/// The per-user folder each OS keeps application data in, which the models folder and the prompt cache go
/// under unless $env:NORSK_MODEL_DIR or $env:NORSK_CACHE_DIR say otherwise.
/// </summary>
internal static class DataFolder
{
    public const string XdgVariable = "XDG_DATA_HOME";

    /// <summary>This process's data folder.</summary>
    public static string Current() => For(
        HostPlatform.Current.OperatingSystem,
        Home(),
        HostPlatform.Current.OperatingSystem == HostOperatingSystem.Windows
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify)
            : null,
        Environment.GetEnvironmentVariable(XdgVariable));

    /// <summary>
    /// %LOCALAPPDATA% on Windows (models are machine-sized, so not the roaming profile), ~/Library/Application
    /// Support on macOS, and elsewhere $XDG_DATA_HOME when it is absolute, else ~/.local/share.
    /// </summary>
    public static string For(HostOperatingSystem operatingSystem, string home, string? localAppData, string? xdgDataHome) =>
        operatingSystem switch
        {
            HostOperatingSystem.Windows when localAppData is { Length: > 0 } => localAppData,
            HostOperatingSystem.Windows => Path.Combine(home, "AppData", "Local"),
            HostOperatingSystem.MacOS => Path.Combine(home, "Library", "Application Support"),

            // The XDG spec: a relative $XDG_DATA_HOME is invalid and must be ignored.
            _ when xdgDataHome is { Length: > 0 } && Path.IsPathRooted(xdgDataHome) => xdgDataHome,
            _ => Path.Combine(home, ".local", "share"),
        };

    public static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
}
