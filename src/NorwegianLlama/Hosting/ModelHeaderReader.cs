using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Hosting;

internal static class ModelHeaderReader
{
    /// <summary>Reads a model's header, or writes a non-terminating error and returns null.</summary>
    public static GgufFile? TryRead(Cmdlet cmdlet, string path)
    {
        try
        {
            return GgufReader.Read(path);
        }
        catch (GgufFormatException e)
        {
            cmdlet.WriteError(ModelErrors.Invalid(path, e));
        }
        catch (FileNotFoundException)
        {
            cmdlet.WriteError(ModelErrors.NotFound(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cmdlet.WriteError(ModelErrors.Unreadable(path, e));
        }

        return null;
    }
}
