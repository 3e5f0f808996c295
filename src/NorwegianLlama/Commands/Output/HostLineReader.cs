using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace NorwegianLlama.Commands.Output;

/// <summary>Asks the person at the console for a line, the way an interactive prompt does.</summary>
internal static class HostLineReader
{
    /// <summary>The line typed after <paramref name="prompt"/>, or null when there is no console to read from.</summary>
    public static string? ReadLine(PSCmdlet cmdlet, string prompt)
    {
        try
        {
            HostText.Write(cmdlet, prompt, newLine: false);
            return cmdlet.Host.UI.ReadLine();
        }
        catch (Exception e) when (e is PSInvalidOperationException or HostException or NotImplementedException)
        {
            // A non-interactive host: whatever was reading simply ends.
            return null;
        }
    }
}
