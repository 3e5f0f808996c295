namespace NorwegianLlama.Prompting;

/// <summary>
/// Bos/Eos become token ids chosen by the template; Text is tokenised with special-token parsing off,
/// which is what keeps a typed "&lt;/s&gt;" from ending a turn.
/// </summary>
internal enum PromptSegmentKind
{
    Bos,
    Eos,
    Text,

    /// <summary>Ids the model generated, used as they are; the segment's text is only what they show as.</summary>
    Tokens,

    /// <summary>
    /// Text that continues the token before it, so the tokenizer must not start it with the space it puts
    /// before every text it is given.
    /// </summary>
    ContinuedText,
}
