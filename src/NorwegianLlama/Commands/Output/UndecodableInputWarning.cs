using System.Text;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Output;

internal static class UndecodableInputWarning
{
    /// <summary>
    /// A file in another encoding still reads, but with its letters lost ("Bl�b�rsyltet�y"), so the model answers a
    /// damaged text; the user must hear which file it was and how to read it properly.
    /// </summary>
    public static string Text(string file, Encoding encoding) =>
        OutputMessages.UndecodableInput(file, encoding.WebName);
}
