namespace NorwegianLlama;

/// <summary>A prompt exactly as the model would see it.</summary>
public sealed class NorskPrompt
{
    /// <summary>For people: BOS/EOS shown as &lt;s&gt;/&lt;/s&gt;. Never tokenise this text again.</summary>
    public string Text { get; init; } = "";

    /// <summary>Llama2Chat or Alpaca.</summary>
    public string Format { get; init; } = "";

    /// <summary>The token ids that would be decoded; null when no model was available to tokenise with.</summary>
    public int[]? Tokens { get; init; }

    public int? TokenCount { get; init; }

    /// <summary>The model file whose tokenizer produced Tokens.</summary>
    public string? Model { get; init; }

    public override string ToString() => Text;
}
