using System;
using System.Collections.Generic;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Chat;

/// <summary>
/// What an interactive chat remembers: its system prompt and its turns, and what each chat command does to
/// them. Turns are added only once answered, so a stopped or failed answer leaves the conversation as it was.
/// </summary>
internal sealed class ChatSession
{
    private readonly List<ChatMessage> turns = new();

    public ChatSession(IReadOnlyList<ChatMessage> start) => Adopt(start);

    public string? SystemPrompt { get; private set; }

    public IReadOnlyList<ChatMessage> Turns => turns;

    /// <summary>The system prompt, if any, and every turn: what the chat writes at its end and /save stores.</summary>
    public List<ChatMessage> Conversation()
    {
        var all = new List<ChatMessage>(turns.Count + 1);
        if (!string.IsNullOrEmpty(SystemPrompt))
        {
            all.Add(new ChatMessage(ChatRole.System, SystemPrompt));
        }

        all.AddRange(turns);
        return all;
    }

    /// <summary>The conversation with <paramref name="message"/> asked next: what the model is to answer.</summary>
    public List<ChatMessage> Asking(string message)
    {
        List<ChatMessage> messages = Conversation();
        messages.Add(new ChatMessage(ChatRole.User, message));
        return messages;
    }

    public void Answered(string message, string answer) => Answered(message, new ChatMessage(ChatRole.Assistant, answer));

    /// <param name="answer">The assistant message, with the ids the model wrote when it has them.</param>
    public void Answered(string message, ChatMessage answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        turns.Add(new ChatMessage(ChatRole.User, message));
        turns.Add(answer);
    }

    /// <summary>Takes carried ids off the answers they no longer hold for, so the chat never hands stale ids on.</summary>
    public void DropStaleTokens(ITokenVocabulary vocabulary) => AnswerTokenCheck.DropStale(turns, vocabulary);

    /// <summary>/reset: the turns go, the system prompt stays.</summary>
    public void Reset() => turns.Clear();

    /// <summary>/system: an empty text removes the system prompt.</summary>
    public void SetSystemPrompt(string? text) => SystemPrompt = string.IsNullOrEmpty(text) ? null : text;

    /// <summary>/save: returns how many messages were written.</summary>
    /// <exception cref="ConversationFileException">The file cannot be written.</exception>
    public int Save(string path)
    {
        List<ChatMessage> all = Conversation();
        ConversationFile.Write(path, all);
        return all.Count;
    }

    /// <summary>/load: the file's conversation replaces this one, system prompt included. Returns how many messages it has.</summary>
    /// <exception cref="ConversationFileException">The file cannot be read or is not JSON.</exception>
    /// <exception cref="PromptException">The file's conversation cannot be continued; its message names the file.</exception>
    public int Load(string path)
    {
        List<ChatMessage> loaded = ConversationFile.Read(path);
        try
        {
            ConversationValidator.Validate([.. loaded, new ChatMessage(ChatRole.User, "")]);
        }
        catch (PromptException e)
        {
            throw ConversationFile.InFile(path, e);
        }

        Adopt(loaded);
        return loaded.Count;
    }

    /// <summary>Takes over a conversation: its system prompt (or none) and its turns.</summary>
    private void Adopt(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        bool hasSystem = messages.Count > 0 && messages[0].Role == ChatRole.System;
        SystemPrompt = hasSystem ? messages[0].Content : null;
        turns.Clear();
        for (int i = hasSystem ? 1 : 0; i < messages.Count; i++)
        {
            turns.Add(messages[i]);
        }
    }
}
