using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

/// <summary>Per-input failures of Invoke-NorskInstruction: non-terminating, naming the input's Source.</summary>
internal static class InputErrors
{
    public static ErrorRecord EncodingUnknown(string encoding) => new(
        new ArgumentException(PromptMessages.EncodingUnknown(encoding)),
        "EncodingUnknown", ErrorCategory.InvalidArgument, encoding);

    public static ErrorRecord Unreadable(string source, Exception e) => new(
        new IOException(PromptMessages.InputUnreadable(source, e.Message), e),
        "InputUnreadable", ErrorCategory.ReadError, source);

    public static ErrorRecord Empty(string source) => new(
        new InvalidDataException(PromptMessages.InputEmpty(source)),
        "InputEmpty", ErrorCategory.InvalidData, source);

    public static ErrorRecord Binary(string source) => new(
        new InvalidDataException(PromptMessages.InputBinary(source)),
        "InputBinary", ErrorCategory.InvalidData, source);

    public static ErrorRecord TooLong(string source, int promptTokens, int available) => new(
        new InvalidOperationException(
            PromptMessages.InputExceedsContext(source, promptTokens, available)),
        "InputExceedsContext", ErrorCategory.LimitsExceeded, source);
}
