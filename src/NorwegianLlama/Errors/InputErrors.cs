using System;
using System.IO;
using System.Management.Automation;

namespace NorwegianLlama.Errors;

/// <summary>Per-input failures of Invoke-NorskInstruction: non-terminating, naming the input's Source.</summary>
internal static class InputErrors
{
    public static ErrorRecord EncodingUnknown(string encoding) => new(
        new ArgumentException($"'{encoding}' is not an encoding; use utf8, utf8NoBOM, utf8BOM, ascii, latin1, unicode, bigendianunicode, utf32 or a code page name."),
        "EncodingUnknown", ErrorCategory.InvalidArgument, encoding);

    public static ErrorRecord Unreadable(string source, Exception e) => new(
        new IOException($"The input '{source}' cannot be read: {e.Message}", e),
        "InputUnreadable", ErrorCategory.ReadError, source);

    public static ErrorRecord Empty(string source) => new(
        new InvalidDataException($"The input '{source}' is empty."),
        "InputEmpty", ErrorCategory.InvalidData, source);

    public static ErrorRecord Binary(string source) => new(
        new InvalidDataException($"The input '{source}' looks binary (it contains NUL characters), not text."),
        "InputBinary", ErrorCategory.InvalidData, source);

    public static ErrorRecord TooLong(string source, int promptTokens, int available) => new(
        new InvalidOperationException(
            $"The input '{source}' needs {promptTokens} prompt tokens but only {available} fit the context after leaving room for the answer. "
            + "Use -SplitLongInput to answer it in overlapping parts, or a larger -ContextSize."),
        "InputExceedsContext", ErrorCategory.LimitsExceeded, source);
}
