namespace NorwegianLlama.Chat;

/// <summary>
/// One parsed line of the chat. <see cref="Command"/> is the slash command as matched (lower case, empty for a
/// message); <see cref="Argument"/> is the text after it, or the whole message.
/// </summary>
internal sealed record ChatLine(ChatLineKind Kind, string Command, string Argument)
{
    /// <summary>
    /// The argument as a file name: people quote names with spaces as they would in a shell, but the chat has no
    /// shell to take the quotes off.
    /// </summary>
    public string FileName => Argument.Trim().Trim('"', '\'');
}
