namespace NorwegianLlama.Resources;

/// <summary>Enter-NorskChat's own texts and the messages about its conversation files.</summary>
internal static class ChatMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.ChatMessages");

    public static string Greeting(string file) => Table.Format(nameof(Greeting), file);

    public static string Help() => Table.Get(nameof(Help));

    public static string ConversationReset() => Table.Get(nameof(ConversationReset));

    public static string NoSystemPrompt() => Table.Get(nameof(NoSystemPrompt));

    public static string SystemPromptSet() => Table.Get(nameof(SystemPromptSet));

    public static string UnknownCommand(string command) => Table.Format(nameof(UnknownCommand), command);

    public static string AnswerCutOff(string reason) => Table.Format(nameof(AnswerCutOff), reason);

    public static string AnswerStopped() => Table.Get(nameof(AnswerStopped));

    public static string FileNameNeeded(string command) => Table.Format(nameof(FileNameNeeded), command);

    public static string Saved(int count, string path) => Table.Format(nameof(Saved), count, path);

    public static string Loaded(int count, string path) => Table.Format(nameof(Loaded), count, path);

    public static string ChatFileNotFileSystem(string path) => Table.Format(nameof(ChatFileNotFileSystem), path);

    /// <summary>What the lone-surrogate warning calls a line typed into the chat.</summary>
    public static string TypedLineInput() => Table.Get(nameof(TypedLineInput));

    public static string ConversationSaveFailed(string path, string reason) => Table.Format(nameof(ConversationSaveFailed), path, reason);

    public static string ConversationLoadFailed(string path, string reason) => Table.Format(nameof(ConversationLoadFailed), path, reason);

    public static string ConversationNotJson() => Table.Get(nameof(ConversationNotJson));

    public static string ConversationNotJsonAt(long line, long character) => Table.Format(nameof(ConversationNotJsonAt), line, character);

    public static string ConversationCannotContinue(string path, string reason) => Table.Format(nameof(ConversationCannotContinue), path, reason);
}
