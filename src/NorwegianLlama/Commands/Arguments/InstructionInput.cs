using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using NorwegianLlama.Errors;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>
/// One input of Invoke-NorskInstruction, in arrival order. Files are read only when their batch comes up,
/// so a folder of documents is never held in memory at once.
/// </summary>
internal sealed class InstructionInput
{
    private readonly string? path;
    private readonly string? text;

    private InstructionInput(int position, string source, string? path, string? text)
    {
        Position = position;
        Source = source;
        this.path = path;
        this.text = text;
    }

    public int Position { get; }

    public string Source { get; }

    /// <summary>Bytes of a file (0 when it cannot be read), characters of a string: what the progress estimate weighs it by.</summary>
    public long Size
    {
        get
        {
            if (path is null)
            {
                return text?.Length ?? 0;
            }

            try
            {
                return new FileInfo(path).Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return 0;
            }
        }
    }

    public static InstructionInput FromString(int position, int stringNumber, string text) =>
        new(position, $"InputObject[{stringNumber}]", null, text);

    public static InstructionInput FromFile(int position, string path) => new(position, path, path, null);

    /// <summary>An instruction answered on its own, without an Input block.</summary>
    public static InstructionInput None { get; } = new(0, "", null, "");

    public bool IsNone => ReferenceEquals(this, None);

    /// <summary>The input's text, or null after setting <paramref name="error"/>.</summary>
    /// <param name="undecodable">
    /// Whether the file held bytes <paramref name="encoding"/> cannot decode; they are read as U+FFFD all the same.
    /// </param>
    public string? Read(Encoding encoding, out ErrorRecord? error, out bool undecodable)
    {
        error = null;
        undecodable = false;
        string content;
        if (path is null)
        {
            content = text ?? "";
        }
        else
        {
            try
            {
                // Strict first, so that a Latin-1 file read as UTF-8 is noticed instead of silently turned into '�'.
                try
                {
                    content = ReadFile(StrictCopy(encoding));
                }
                catch (DecoderFallbackException)
                {
                    undecodable = true;
                    content = ReadFile(encoding);
                }
            }
            catch (FileNotFoundException)
            {
                error = FileErrors.Input.NotFound(path);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = InputErrors.Unreadable(Source, e);
                return null;
            }
        }

        if (content.Contains('\0'))
        {
            error = InputErrors.Binary(Source);
            return null;
        }

        if (string.IsNullOrWhiteSpace(content) && !IsNone)
        {
            error = InputErrors.Empty(Source);
            return null;
        }

        return content;
    }

    /// <summary>A BOM, where present, wins over the chosen encoding, as Get-Content does.</summary>
    private string ReadFile(Encoding encoding)
    {
        using var reader = new StreamReader(path!, encoding, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static Encoding StrictCopy(Encoding encoding)
    {
        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        return strict;
    }

    /// <summary>A one-line start of the text, for tables.</summary>
    public static string Preview(string content)
    {
        const int Length = 60;
        string flat = string.Join(' ', content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= Length ? flat : flat[..Length] + "…";
    }
}
