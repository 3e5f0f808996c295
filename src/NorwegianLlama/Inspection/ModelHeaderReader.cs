using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Inspection;

internal static class ModelHeaderReader
{
    /// <summary>Reads a model's header, or returns null with the ErrorRecord that says why not.</summary>
    public static GgufFile? TryRead(string path, out ErrorRecord? error)
    {
        error = null;
        try
        {
            return GgufReader.Read(path);
        }
        catch (GgufFormatException e)
        {
            // Only a file that failed the magic can be another format; naming it beats "not a GGUF file".
            error = e.Kind == GgufErrorKind.NotGguf && ForeignFormatSniffer.SniffFile(path) is { } foreign
                ? ForeignFormatErrors.Create(path, foreign)
                : ModelErrors.Invalid(path, e);
        }
        catch (FileNotFoundException)
        {
            error = FileErrors.Model.NotFound(path);
        }
        catch (DirectoryNotFoundException)
        {
            error = FileErrors.Model.NotFound(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = ModelErrors.Unreadable(path, e);
        }

        return null;
    }

    /// <summary>Reads a model's header, or writes a non-terminating error and returns null.</summary>
    public static GgufFile? TryRead(Cmdlet cmdlet, string path)
    {
        GgufFile? file = TryRead(path, out ErrorRecord? error);
        if (error is not null)
        {
            cmdlet.WriteError(error);
        }

        return file;
    }
}
