using System;
using System.Management.Automation;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

/// <summary>What -TimeoutSeconds leaves unanswered.</summary>
internal static class TimeoutErrors
{
    /// <summary>An answer cut short keeps its text and says StopReason Timeout; an input never started gets this instead.</summary>
    public static ErrorRecord BeforeAnswer(int seconds, string source) => new(
        new TimeoutException(PromptMessages.TimeoutBeforeAnswer(seconds, source)),
        "TimeoutBeforeAnswer", ErrorCategory.OperationTimeout, source);
}
