using System;

namespace NorwegianLlama.Prompting;

/// <summary>
/// A conversation or instruction the templates cannot render. The id is stable so cmdlets can turn it
/// into an ErrorRecord that scripts match on without parsing the (free to change) message.
/// </summary>
internal sealed class PromptException : Exception
{
    public PromptException(string errorId, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorId);
        ErrorId = errorId;
    }

    public PromptException(string errorId, string message, Exception inner)
        : base(message, inner)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorId);
        ErrorId = errorId;
    }

    public string ErrorId { get; }
}
