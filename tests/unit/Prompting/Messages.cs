using NorwegianLlama.Prompting;

namespace NorwegianLlama.Tests.Prompting;

/// <summary>Short constructors so conversations in tests read like conversations.</summary>
internal static class Messages
{
    public static ChatMessage SystemSays(string content) => new(ChatRole.System, content);

    public static ChatMessage UserSays(string content) => new(ChatRole.User, content);

    public static ChatMessage AssistantSays(string content) => new(ChatRole.Assistant, content);
}
