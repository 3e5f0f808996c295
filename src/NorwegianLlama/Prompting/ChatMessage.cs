namespace NorwegianLlama.Prompting;

/// <summary>
/// One message of a conversation. Content is non-nullable by type, but PowerShell can still hand us
/// a null, so the template validates it instead of trusting the annotation.
/// </summary>
internal sealed record ChatMessage(ChatRole Role, string Content);
