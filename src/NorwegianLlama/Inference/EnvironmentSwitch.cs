using System;

namespace NorwegianLlama.Inference;

/// <summary>
/// The module's on/off environment variables: on unless set to 0, off, false or no. Read on every use, so a
/// script can change them between calls.
/// </summary>
internal static class EnvironmentSwitch
{
    public static bool IsOn(string? value) =>
        value?.Trim().ToUpperInvariant() is not ("0" or "OFF" or "FALSE" or "NO");

    public static bool IsOnFor(string variable) => IsOn(Environment.GetEnvironmentVariable(variable));
}
