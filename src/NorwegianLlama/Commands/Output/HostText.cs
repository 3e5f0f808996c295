using System.Management.Automation;

namespace NorwegianLlama.Commands.Output;

/// <summary>
/// Text for people, written the way Write-Host does: shown on the console, yet an information record that
/// scripts can capture (6>&amp;1) or silence (6>$null).
/// </summary>
internal static class HostText
{
    private static readonly string[] Tags = ["PSHOST"];

    public static void Write(Cmdlet cmdlet, string text, bool newLine) =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = text, NoNewLine = !newLine }, Tags);
}
