namespace NorwegianLlama.Chat;

/// <summary>What a key did to the line being typed at the chat's prompt.</summary>
internal enum LineEditResult
{
    /// <summary>The line changed or the cursor moved; keep reading.</summary>
    Editing,

    /// <summary>Enter: the line is done.</summary>
    Submitted,

    /// <summary>Ctrl+C: the person wants out of the chat.</summary>
    Cancelled,

    /// <summary>Ctrl+D on an empty line: the end of input, as a terminal means it.</summary>
    EndOfInput,
}
