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
}
