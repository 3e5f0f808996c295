namespace NorwegianLlama;

/// <summary>Why generation ended.</summary>
public enum NorskStopReason
{
    /// <summary>The model ended its answer itself.</summary>
    EndOfSequence,

    /// <summary>-MaxTokens tokens were generated.</summary>
    MaxTokens,

    /// <summary>The answer reached one of the -Stop strings (or the start of a new turn).</summary>
    StopSequence,

    /// <summary>The context window is full.</summary>
    ContextFull,

    /// <summary>The -Grammar (or -JsonSchema) allows nothing this model's vocabulary can write next.</summary>
    GrammarDeadEnd,

    /// <summary>The call's -TimeoutSeconds ran out; the text written until then is kept.</summary>
    Timeout,
}
