using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>
/// Reads a conversation from whatever a script has: our own messages, hashtables, objects from
/// ConvertFrom-Json or Import-Clixml — anything with Role and Content.
/// </summary>
internal static class ConversationReader
{
    public static List<ChatMessage> Read(IEnumerable<object?> items)
    {
        var messages = new List<ChatMessage>();
        int position = 0;
        foreach (object? item in items)
        {
            position++;
            object? raw = item is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : item;
            (object? role, object? content, object? ids, object? vocabulary) = raw switch
            {
                NorskChatMessage message => (message.Role, message.Content, message.TokenIds, message.TokenVocabulary),
                IDictionary dictionary => (Lookup(dictionary, "Role"), Lookup(dictionary, "Content"), Lookup(dictionary, TokenIds), Lookup(dictionary, TokenVocabulary)),
                PSObject psObject => (psObject.Properties["Role"]?.Value, psObject.Properties["Content"]?.Value,
                    psObject.Properties[TokenIds]?.Value, psObject.Properties[TokenVocabulary]?.Value),
                null => throw Invalid(CmdletMessages.ConversationItemEmpty(position)),
                _ => throw Invalid(CmdletMessages.ConversationItemNotMessage(position, raw.GetType().Name)),
            };

            messages.Add(new ChatMessage(
                ChatRoleParser.ParseAt(position, Unwrap(role)?.ToString()),
                Unwrap(content)?.ToString()!,
                Carried(Unwrap(ids), Unwrap(vocabulary) as string)));
        }

        return messages;
    }

    public static NorskChatMessage[] ToOutput(IEnumerable<ChatMessage> messages) =>
        messages.Select(m => new NorskChatMessage(m.Role.ToString().ToLowerInvariant(), m.Content)
        {
            TokenIds = m.Tokens?.IdText(),
            TokenVocabulary = m.Tokens?.Vocabulary,
        }).ToArray();

    private const string TokenIds = nameof(NorskChatMessage.TokenIds);
    private const string TokenVocabulary = nameof(NorskChatMessage.TokenVocabulary);

    /// <summary>Ids as our messages carry them (a string), or as a list a script built; anything else is none.</summary>
    private static AnswerTokens? Carried(object? ids, string? vocabulary) => ids switch
    {
        string text => AnswerTokens.TryParse(text, vocabulary),
        IEnumerable items => AnswerTokens.TryCreate(items.Cast<object?>().Select(Unwrap), vocabulary),
        _ => null,
    };

    private static object? Lookup(IDictionary dictionary, string key)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is string name && string.Equals(name, key, System.StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    private static object? Unwrap(object? value) => value is PSObject psObject ? psObject.BaseObject : value;

    private static PromptException Invalid(string message) => new(PromptErrorIds.ConversationItemInvalid, message);
}
