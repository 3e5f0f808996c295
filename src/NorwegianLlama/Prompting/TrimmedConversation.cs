namespace NorwegianLlama.Prompting;

/// <summary>
/// A chat rendered to fit the context. When <see cref="Fits"/> is false even the new message alone (with the
/// system prompt) is too long, and <see cref="Tokens"/> holds that shortest prompt so its length can be reported.
/// </summary>
internal sealed record TrimmedConversation(RenderedPrompt Prompt, int[] Tokens, int DroppedPairs, bool Fits);
