using System;
using System.Management.Automation;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Output;

internal static class UncheckedDownloadWarning
{
    /// <summary>
    /// A download nobody vouched for may be damaged or not the file meant; -Verbose is too quiet a place for that,
    /// since the GGUF check that follows only proves the file is some model.
    /// </summary>
    public static void Write(Cmdlet cmdlet, Uri source, string target) =>
        cmdlet.WriteWarning(OutputMessages.UncheckedDownload(target, source.Host));
}
