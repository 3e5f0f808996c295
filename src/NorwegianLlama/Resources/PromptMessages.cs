namespace NorwegianLlama.Resources;

/// <summary>Messages about the text a prompt is made of: conversations, instructions, inputs and their limits.</summary>
internal static class PromptMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.PromptMessages");

    public static string InstructionEmpty() => Table.Get(nameof(InstructionEmpty));

    public static string RoleNameUnknown(int position, string? name) => Table.Format(nameof(RoleNameUnknown), position, name);

    public static string ControlRunTooLong(int length, int first, int maximum) => Table.Format(nameof(ControlRunTooLong), length, first, maximum);

    public static string ConversationEmpty() => Table.Get(nameof(ConversationEmpty));

    public static string SystemNotFirst(int position) => Table.Format(nameof(SystemNotFirst), position);

    public static string RoleOrder(int position, string role, string expected) => Table.Format(nameof(RoleOrder), position, role, expected);

    public static string MustEndWithUser(int position, string role) => Table.Format(nameof(MustEndWithUser), position, role);

    public static string MessageNull(int position) => Table.Format(nameof(MessageNull), position);

    public static string RoleValueUnknown(int position, int value) => Table.Format(nameof(RoleValueUnknown), position, value);

    public static string ContentNull(int position, string role) => Table.Format(nameof(ContentNull), position, role);

    public static string LoneSurrogateReplaced(string input, int count, int position) => Table.Format(nameof(LoneSurrogateReplaced), input, count, position);

    public static string LoneSurrogatesReplaced(string input, int count, int position) => Table.Format(nameof(LoneSurrogatesReplaced), input, count, position);

    public static string EncodingUnknown(string encoding) => Table.Format(nameof(EncodingUnknown), encoding);

    public static string InputUnreadable(string source, string reason) => Table.Format(nameof(InputUnreadable), source, reason);

    public static string InputEmpty(string source) => Table.Format(nameof(InputEmpty), source);

    public static string InputBinary(string source) => Table.Format(nameof(InputBinary), source);

    public static string InputExceedsContext(string source, int promptTokens, int available) => Table.Format(nameof(InputExceedsContext), source, promptTokens, available);

    public static string TimeoutBeforeAnswer(int seconds, string source) => Table.Format(nameof(TimeoutBeforeAnswer), seconds, source);
}
