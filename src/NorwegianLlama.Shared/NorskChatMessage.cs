namespace NorwegianLlama;

/// <summary>One message of a conversation.</summary>
/// <remarks>
/// Role is a plain lower-case string rather than an enum so a conversation survives ConvertTo-Json (which
/// would write an enum as a number) and comes back unchanged.
/// </remarks>
public sealed class NorskChatMessage
{
    public NorskChatMessage()
    {
    }

    public NorskChatMessage(string role, string content)
    {
        Role = role;
        Content = content;
    }

    /// <summary>system, user or assistant.</summary>
    public string Role { get; set; } = "user";

    public string Content { get; set; } = "";

    public override string ToString() => $"{Role}: {Content}";
}
