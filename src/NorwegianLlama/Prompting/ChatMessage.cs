namespace NorwegianLlama.Prompting;

/// <summary>
/// One message of a conversation. Content is non-nullable by type, but PowerShell can still hand us
/// a null, so the template validates it instead of trusting the annotation.
/// </summary>
/// <param name="Tokens">For an answer the model wrote: its ids, rendered instead of the text while <see cref="AnswerTokenCheck"/> says they hold.</param>
internal sealed record ChatMessage(ChatRole Role, string Content, AnswerTokens? Tokens = null);
