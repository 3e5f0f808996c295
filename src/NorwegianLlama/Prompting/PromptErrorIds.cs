namespace NorwegianLlama.Prompting;

/// <summary>The ErrorIds of <see cref="PromptException"/>; they are public contract, so never rename one.</summary>
internal static class PromptErrorIds
{
    public const string ConversationEmpty = "ConversationEmpty";
    public const string MessageNull = "MessageNull";
    public const string MessageRoleInvalid = "MessageRoleInvalid";
    public const string MessageContentNull = "MessageContentNull";
    public const string ConversationSystemNotFirst = "ConversationSystemNotFirst";
    public const string ConversationRoleOrder = "ConversationRoleOrder";
    public const string ConversationMustEndWithUser = "ConversationMustEndWithUser";
    public const string InstructionEmpty = "InstructionEmpty";
    public const string ConversationItemInvalid = "ConversationItemInvalid";
    public const string ConversationRoleInvalid = "ConversationRoleInvalid";
    public const string ControlRunTooLong = "TextControlRunTooLong";
}
