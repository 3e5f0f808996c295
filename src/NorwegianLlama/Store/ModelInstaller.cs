using System;
using System.IO;
using NorwegianLlama.Gguf;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Store;

/// <param name="Header">The verified model; null when the download failed a check.</param>
/// <param name="Failure">Why it was refused: a <see cref="GgufFormatException"/> (the file was deleted), an IO error reading it, or null.</param>
/// <param name="Foreign">The format a refused non-GGUF download turned out to be, when it is one of the known ones.</param>
/// <param name="HashMismatch">Whether the SHA-256 differed (the file was deleted).</param>
/// <param name="DiscardProblem">Why a refused download could not be deleted, for a warning.</param>
internal sealed record Verification(
    GgufFile? Header, Exception? Failure = null, ForeignModel? Foreign = null, bool HashMismatch = false, string? DiscardProblem = null);

/// <summary>
/// The file steps of an install around the download: the folder and a stale partial file before it, the checks
/// after it, and the move that makes a model appear only complete and verified at its final path.
/// </summary>
/// <param name="note">Receives what a user may want to read with -Verbose.</param>
internal sealed class ModelInstaller(string target, Action<string> note)
{
    public string Target { get; } = target;

    public string Partial { get; } = ModelStore.PartialPathOf(target);

    /// <summary>Creates the folder; with <paramref name="discardPartial"/> a partial download goes, so the file comes fresh.</summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    public void Prepare(bool discardPartial)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Target))!);
        if (discardPartial && File.Exists(Partial))
        {
            note(StoreMessages.DiscardingPartial(Partial));
            File.Delete(Partial);
        }
    }

    /// <summary>The SHA-256 (when one is known) and then the GGUF header; a bad download is deleted, never installed.</summary>
    public Verification Verify(DownloadResult result)
    {
        // With no hash to check the cmdlet also warns, once the file is otherwise accepted.
        if (result.ExpectedSha256 is null)
        {
            note(StoreMessages.NoHashToCheck());
        }
        else if (!string.Equals(result.ActualSha256, result.ExpectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            return new Verification(null, HashMismatch: true, DiscardProblem: Discard(result.PartialPath));
        }
        else
        {
            note(StoreMessages.HashMatches(result.ActualSha256, result.ExpectedFrom));
        }

        try
        {
            return new Verification(GgufReader.Read(result.PartialPath));
        }
        catch (GgufFormatException e)
        {
            // Named before the file goes: a safetensors or PyTorch link is a common mistake with a clear way out.
            ForeignModel? found = ForeignFormatSniffer.SniffFile(result.PartialPath);
            return new Verification(null, e, found, DiscardProblem: Discard(result.PartialPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Verification(null, e);
        }
    }

    /// <summary>Moves the verified download over <see cref="Target"/>.</summary>
    /// <param name="releaseTarget">
    /// Called with the target's full path first, true when it let go of the file: a loaded model maps the file about
    /// to be replaced.
    /// </param>
    /// <exception cref="IOException">The move failed; the partial file stays.</exception>
    /// <exception cref="UnauthorizedAccessException">The move failed; the partial file stays.</exception>
    public void Install(Func<string, bool> releaseTarget)
    {
        string fullTarget = Path.GetFullPath(Target);
        if (releaseTarget(fullTarget))
        {
            note(StoreMessages.UnloadingBeforeReplacing(fullTarget));
        }

        File.Move(Partial, Target, overwrite: true);
        note(StoreMessages.Installed(Target, ByteSize.Format(new FileInfo(Target).Length)));
    }

    /// <summary>
    /// The name a model downloaded from <paramref name="uri"/> is installed as: the URL's last segment (query and
    /// fragment ignored), with .gguf added if missing. Null, with the message saying why, when the URL cannot give one.
    /// </summary>
    public static string? FileNameOf(Uri uri, Action<string> note, out string problem)
    {
        problem = "";
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = StoreMessages.UriNotHttp(uri.OriginalString);
            return null;
        }

        string name = Uri.UnescapeDataString(uri.Segments[^1]).Trim();
        if (name.Length == 0 || name.EndsWith('/') || name is "." or ".."
            || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.IndexOfAny(['/', '\\']) >= 0)
        {
            problem = StoreMessages.UriNoFileName(uri.OriginalString);
            return null;
        }

        if (!ModelStore.IsModelFile(name))
        {
            note(StoreMessages.AddingExtension(name, ModelStore.ModelExtension));
            name += ModelStore.ModelExtension;
        }

        return name;
    }

    private static string? Discard(string partial)
    {
        try
        {
            File.Delete(partial);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StoreMessages.DiscardFailed(partial, e.Message);
        }
    }
}
