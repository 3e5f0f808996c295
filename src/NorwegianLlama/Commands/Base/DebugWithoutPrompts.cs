using System;
using System.Management.Automation;
using System.Reflection;

namespace NorwegianLlama.Commands.Base;

/// <summary>
/// PowerShell 7 made -Debug mean Continue for debug lines, but the runtime of a compiled cmdlet still turns -Debug
/// into Inquire for its verbose lines and warnings (a rule kept from Windows PowerShell), so each of them asks
/// "Continue with this operation?". An advanced function's Write-Verbose and Write-Warning follow the preference
/// variables instead; under -Debug the cmdlets do the same, unless -Verbose or -WarningAction says otherwise.
/// </summary>
internal static class DebugWithoutPrompts
{
    /// <summary>Call first in BeginProcessing, before anything is written.</summary>
    public static void Apply(PSCmdlet cmdlet)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        if (!bound.TryGetValue("Debug", out object? debug) || !(debug is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(debug)))
        {
            return;
        }

        // The runtime's verbose preference has no setter in 7.6; its -Verbose flag, set as if given, decides first.
        if (!bound.ContainsKey("Verbose"))
        {
            ActionPreference verbose = Preference(cmdlet, "VerbosePreference", ActionPreference.SilentlyContinue);
            Set(cmdlet, "Verbose", verbose is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore));
        }

        if (!bound.ContainsKey("WarningAction"))
        {
            Set(cmdlet, "WarningPreference", Preference(cmdlet, "WarningPreference", ActionPreference.Continue));
        }
    }

    private static ActionPreference Preference(PSCmdlet cmdlet, string variable, ActionPreference fallback) =>
        Enum.TryParse(cmdlet.GetVariableValue(variable)?.ToString(), ignoreCase: true, out ActionPreference value) ? value : fallback;

    /// <summary>
    /// Sets an internal property of the runtime: there is no public way. Should a later PowerShell rename it, -Debug
    /// merely asks again, as it did before.
    /// </summary>
    private static void Set<T>(PSCmdlet cmdlet, string name, T value)
    {
        object? runtime = cmdlet.CommandRuntime;
        PropertyInfo? property = runtime?.GetType().GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic);
        if (property is not null && property.PropertyType == typeof(T) && property.CanWrite)
        {
            property.SetValue(runtime, value);
        }
    }
}
