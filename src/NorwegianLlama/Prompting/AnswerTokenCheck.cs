using System;
using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Decides whether an assistant message's carried ids still stand for it. A conversation comes from a person's
/// script or a file, so ids are used only when they are ids of this very vocabulary and write exactly the
/// message's text; anything else is rendered from the text, as a conversation without ids would be.
/// </summary>
internal static class AnswerTokenCheck
{
    public static bool Holds(ChatMessage message, ITokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (message.Role != ChatRole.Assistant || message.Content is null
            || message.Tokens is not { Ids: { Count: > 0 } ids } tokens
            || !string.Equals(tokens.Vocabulary, vocabulary.Fingerprint, StringComparison.Ordinal))
        {
            return false;
        }

        // Out-of-range ids must never reach llama.cpp, not even to be decoded.
        foreach (int id in ids)
        {
            if (id < 0 || id >= vocabulary.Count)
            {
                return false;
            }
        }

        // Trimmed as the answer was when it became the message's text.
        return vocabulary.Decode(ids)?.Trim() is { } text && string.Equals(text, message.Content, StringComparison.Ordinal);
    }

    /// <summary>
    /// Takes the ids off every message they do not hold for, in place. Without a vocabulary nothing can be checked,
    /// so every message loses its ids.
    /// </summary>
    public static void DropStale(IList<ChatMessage> messages, ITokenVocabulary? vocabulary)
    {
        ArgumentNullException.ThrowIfNull(messages);
        for (int i = 0; i < messages.Count; i++)
        {
            if (messages[i] is { Tokens: not null } message && (vocabulary is null || !Holds(message, vocabulary)))
            {
                messages[i] = message with { Tokens = null };
            }
        }
    }
}
