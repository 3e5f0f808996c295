using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Chat;

/// <summary>
/// A conversation as a JSON file: an array of messages with Role and Content, as /save writes it and as
/// ConvertTo-Json writes a response's Conversation.
/// </summary>
internal static class ConversationFile
{
    // Norwegian letters stay readable in saved conversations instead of becoming \u00E6 escapes.
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        // Messages without ids are written as they always were.
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <exception cref="ConversationFileException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<ChatMessage> messages)
    {
        NorskChatMessage[] output = messages.Select(m => new NorskChatMessage(m.Role.ToString().ToLowerInvariant(), m.Content)
        {
            TokenIds = m.Tokens?.IdText(),
            TokenVocabulary = m.Tokens?.Vocabulary,
        }).ToArray();
        try
        {
            File.WriteAllText(path, JsonSerializer.Serialize(output, WriteOptions));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConversationFileException(path, ChatMessages.ConversationSaveFailed(path, e.Message), e);
        }
    }

    /// <exception cref="ConversationFileException">The file cannot be read or is not a JSON conversation.</exception>
    /// <exception cref="PromptException">A message has a role that is not system, user or assistant.</exception>
    public static List<ChatMessage> Read(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            // ConvertTo-Json writes a one-message conversation as a bare object.
            IEnumerable<JsonElement> elements = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray()
                : [document.RootElement];
            // Every element is read before any role is judged, so a file that is not a conversation at all is
            // reported as such rather than by its first odd role.
            var fields = elements.Select(element => (
                Role: Property(element, "Role", "role"),
                Content: Property(element, "Content", "content"),
                Tokens: CarriedTokens(element))).ToList();
            return fields.Select((field, index) => new ChatMessage(ChatRoleParser.ParseAt(index + 1, field.Role), field.Content!, field.Tokens)).ToList();
        }
        catch (JsonException e)
        {
            // .NET's own words ("'H' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.") mean
            // nothing to someone who loaded the wrong file.
            throw new ConversationFileException(path, ChatMessages.ConversationLoadFailed(path, NotJson(e)), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new ConversationFileException(path, ChatMessages.ConversationLoadFailed(path, e.Message), e);
        }
        catch (PromptException e)
        {
            throw InFile(path, e);
        }
    }

    private static string NotJson(JsonException e) => e.LineNumber is { } line
        ? ChatMessages.ConversationNotJsonAt(line + 1, (e.BytePositionInLine ?? 0) + 1)
        : ChatMessages.ConversationNotJson();

    /// <summary>A conversation problem said of the file it came from, keeping its ErrorId.</summary>
    public static PromptException InFile(string path, PromptException e) =>
        new(e.ErrorId, ChatMessages.ConversationCannotContinue(path, e.Message), e);

    /// <summary>
    /// An answer's saved ids, or null when the file has none or they are not whole numbers: ids are an optimisation,
    /// so odd ones make the answer be read from its text rather than the file be refused.
    /// </summary>
    private static AnswerTokens? CarriedTokens(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !(element.TryGetProperty("TokenIds", out JsonElement ids) || element.TryGetProperty("tokenIds", out ids))
            || !(element.TryGetProperty("TokenVocabulary", out JsonElement vocabulary) || element.TryGetProperty("tokenVocabulary", out vocabulary))
            || vocabulary.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        if (ids.ValueKind == JsonValueKind.String)
        {
            return AnswerTokens.TryParse(ids.GetString(), vocabulary.GetString());
        }

        if (ids.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<object?>();
        foreach (JsonElement id in ids.EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt32(out int value))
            {
                return null;
            }

            list.Add(value);
        }

        return AnswerTokens.TryCreate(list, vocabulary.GetString());
    }

    // Not a case-insensitive match: JsonElement has none, and these are the two spellings writers use.
    private static string? Property(JsonElement element, string name, string lowerName) =>
        element.TryGetProperty(name, out JsonElement value) || element.TryGetProperty(lowerName, out value) ? value.GetString() : null;
}
