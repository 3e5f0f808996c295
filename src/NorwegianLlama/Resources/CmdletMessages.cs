namespace NorwegianLlama.Resources;

/// <summary>Errors the cmdlets and their argument attributes raise themselves, and the names they give inputs in warnings.</summary>
internal static class CmdletMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.CmdletMessages");

    public static string JsonSchemaWrongType(string typeName) => Table.Format(nameof(JsonSchemaWrongType), typeName);

    public static string ArgumentNotInSet(string value, string set) => Table.Format(nameof(ArgumentNotInSet), value, set);

    public static string ResponseIsNotMessage() => Table.Get(nameof(ResponseIsNotMessage));

    public static string ConversationItemEmpty(int position) => Table.Format(nameof(ConversationItemEmpty), position);

    public static string ConversationItemNotMessage(int position, string typeName) =>
        Table.Format(nameof(ConversationItemNotMessage), position, typeName);

    /// <summary>What the lone-surrogate warning calls -Message.</summary>
    public static string MessageInput() => Table.Get(nameof(MessageInput));

    /// <summary>What the lone-surrogate warning calls a message of -Conversation, counted from 1.</summary>
    public static string ConversationMessageInput(int number) => Table.Format(nameof(ConversationMessageInput), number);

    /// <summary>What the lone-surrogate warning calls an input of Invoke-NorskInstruction.</summary>
    public static string InputSourceInput(string source) => Table.Format(nameof(InputSourceInput), source);
}
