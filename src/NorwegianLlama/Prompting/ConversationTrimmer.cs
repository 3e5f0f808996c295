using System;
using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Fits a chat into the tokens the context leaves for its prompt by leaving out the oldest whole
/// question-and-answer pairs; the system prompt and the new message always stay.
/// </summary>
internal static class ConversationTrimmer
{
    /// <param name="messages">An optional system message, then user/assistant turns ending with the new user message.</param>
    /// <param name="tokenize">The tokens of a rendered prompt, as the model will read them.</param>
    /// <param name="budget">The most tokens the prompt may have.</param>
    /// <exception cref="PromptException">The conversation does not have the chat shape.</exception>
    public static TrimmedConversation Trim(IReadOnlyList<ChatMessage> messages, Func<RenderedPrompt, int[]> tokenize, int budget)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(tokenize);
        int firstTurn = messages.Count > 0 && messages[0]?.Role == ChatRole.System ? 1 : 0;
        int droppable = Math.Max(0, (messages.Count - firstTurn - 1) / 2);

        (RenderedPrompt Prompt, int[] Tokens) whole = RenderDropping(messages, firstTurn, 0, tokenize);
        if (whole.Tokens.Length <= budget)
        {
            return new TrimmedConversation(whole.Prompt, whole.Tokens, 0, Fits: true);
        }

        (RenderedPrompt Prompt, int[] Tokens) best = RenderDropping(messages, firstTurn, droppable, tokenize);
        if (best.Tokens.Length > budget)
        {
            return new TrimmedConversation(best.Prompt, best.Tokens, droppable, Fits: false);
        }

        // Dropping a pair only shortens the prompt, so the fewest pairs to drop are found by halving: a long
        // conversation costs a few renders instead of one per pair.
        int tooFew = 0;
        int dropped = droppable;
        while (dropped - tooFew > 1)
        {
            int middle = tooFew + (dropped - tooFew) / 2;
            (RenderedPrompt Prompt, int[] Tokens) attempt = RenderDropping(messages, firstTurn, middle, tokenize);
            if (attempt.Tokens.Length <= budget)
            {
                (best, dropped) = (attempt, middle);
            }
            else
            {
                tooFew = middle;
            }
        }

        return new TrimmedConversation(best.Prompt, best.Tokens, dropped, Fits: true);
    }

    private static (RenderedPrompt Prompt, int[] Tokens) RenderDropping(
        IReadOnlyList<ChatMessage> messages, int firstTurn, int pairs, Func<RenderedPrompt, int[]> tokenize)
    {
        var kept = new List<ChatMessage>(messages);
        kept.RemoveRange(firstTurn, 2 * pairs);
        RenderedPrompt prompt = Llama2ChatTemplate.Render(kept);
        return (prompt, tokenize(prompt));
    }
}
