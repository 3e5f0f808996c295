using System;
using System.Management.Automation;

namespace NorwegianLlama.Commands.Output;

internal static class UncheckedDownloadWarning
{
    /// <summary>
    /// A download nobody vouched for may be damaged or not the file meant; -Verbose is too quiet a place for that,
    /// since the GGUF check that follows only proves the file is some model.
    /// </summary>
    public static void Write(Cmdlet cmdlet, Uri source, string target) =>
        cmdlet.WriteWarning(
            $"No SHA-256 to check '{target}' against: {source.Host} states none and -Sha256 was not given. To have it checked, " +
            "download it again with -Force -Sha256 <the hash its publisher states>.");
}
