namespace NorwegianLlama.Chat;

/// <summary>What a line typed into the chat asks for.</summary>
internal enum ChatLineKind
{
    /// <summary>A blank line: nothing to do.</summary>
    Empty,

    /// <summary>A message for the model.</summary>
    Message,
    Exit,
    Help,
    Reset,
    System,
    Save,
    Load,

    /// <summary>A slash command the chat does not know.</summary>
    Unknown,
}
