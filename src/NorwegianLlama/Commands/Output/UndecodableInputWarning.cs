using System.Text;

namespace NorwegianLlama.Commands.Output;

internal static class UndecodableInputWarning
{
    /// <summary>
    /// A file in another encoding still reads, but with its letters lost ("Bl�b�rsyltet�y"), so the model answers a
    /// damaged text; the user must hear which file it was and how to read it properly.
    /// </summary>
    public static string Text(string file, Encoding encoding) =>
        $"'{file}' is not valid {encoding.WebName}: the bytes that are not were read as '\uFFFD'. Give the file's encoding " +
        "with -Encoding, e.g. -Encoding latin1 for Latin-1 (ISO-8859-1) text.";
}
