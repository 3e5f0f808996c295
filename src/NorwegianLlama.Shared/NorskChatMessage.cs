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

    /// <summary>
    /// For an answer the model wrote: its token ids, separated by spaces, so the next turn's prompt holds exactly
    /// what the model's context already holds. They are used only while they still write Content with the same
    /// vocabulary. A string rather than an array, so that a response survives ConvertTo-Json at its default depth.
    /// </summary>
    public string? TokenIds { get; set; }

    /// <summary>The fingerprint of the vocabulary TokenIds belong to.</summary>
    public string? TokenVocabulary { get; set; }

    public override string ToString() => $"{Role}: {Content}";
}
