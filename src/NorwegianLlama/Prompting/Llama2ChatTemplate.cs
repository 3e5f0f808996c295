using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Llama-2 chat format, reproducing chat_completion in meta-llama/llama llama/generation.py token for
/// token, because the model was fine-tuned on exactly that shape.
/// </summary>
internal static class Llama2ChatTemplate
{
    private const string BeginInstruction = "[INST]";
    private const string EndInstruction = "[/INST]";
    private const string BeginSystem = "<<SYS>>\n";
    private const string EndSystem = "\n<</SYS>>\n\n";

    /// <param name="messages">
    /// An optional leading system message, then user/assistant alternating, ending with user. Carried answer ids are
    /// trusted: <see cref="AnswerTokenCheck.DropStale"/> decides beforehand which still hold.
    /// </param>
    /// <exception cref="PromptException">The conversation does not have that shape.</exception>
    public static RenderedPrompt Render(IReadOnlyList<ChatMessage> messages)
    {
        ConversationValidator.Validate(messages);
        List<string> turns = FoldSystemMessage(messages);

        var segments = new List<PromptSegment>();
        int last = turns.Count - 1;
        int firstTurnMessage = messages.Count - turns.Count;
        for (int i = 0; i < last; i += 2)
        {
            string user = PythonWhitespace.Strip(turns[i]);
            string answer = PythonWhitespace.Strip(turns[i + 1]);
            segments.Add(PromptSegment.Bos);
            if (messages[firstTurnMessage + i + 1].Tokens is { Ids.Count: > 0 } carried)
            {
                // The question exactly as the open turn that was answered, then the ids the model wrote: the
                // tokens a warm context holds after that answer, so none of them is read again.
                segments.Add(PromptSegment.FromText($"{BeginInstruction} {user} {EndInstruction}"));
                segments.Add(PromptSegment.FromTokens(carried.Ids, $" {answer}"));
                segments.Add(PromptSegment.Continuing(" "));
            }
            else
            {
                // The trailing space before EOS is in the reference; the model learned answers end with it.
                segments.Add(PromptSegment.FromText($"{BeginInstruction} {user} {EndInstruction} {answer} "));
            }

            segments.Add(PromptSegment.Eos);
        }

        segments.Add(PromptSegment.Bos);
        segments.Add(PromptSegment.FromText($"{BeginInstruction} {PythonWhitespace.Strip(turns[last])} {EndInstruction}"));
        return new RenderedPrompt(PromptFormat.Llama2Chat, segments);
    }

    /// <summary>
    /// Joins the system text into the first user message *before* anything is stripped, as the reference
    /// does. The later strip then sees "&lt;&lt;SYS&gt;&gt;\n" first, so the system text keeps its leading
    /// whitespace, while an empty or blank user message also loses the "\n\n" that ends the system block.
    /// </summary>
    private static List<string> FoldSystemMessage(IReadOnlyList<ChatMessage> messages)
    {
        var turns = new List<string>(messages.Count);
        int next = 0;
        if (messages[0].Role == ChatRole.System)
        {
            turns.Add(BeginSystem + messages[0].Content + EndSystem + messages[1].Content);
            next = 2;
        }

        for (; next < messages.Count; next++)
        {
            turns.Add(messages[next].Content);
        }

        return turns;
    }
}
