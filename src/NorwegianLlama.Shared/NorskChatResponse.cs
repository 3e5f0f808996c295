using System;

namespace NorwegianLlama;

/// <summary>A model's answer to one chat message, with the conversation to continue from.</summary>
public sealed class NorskChatResponse
{
    /// <summary>The answer, trimmed.</summary>
    public string Content { get; init; } = "";

    /// <summary>Every message including this turn's question and answer; pipe the response on to continue.</summary>
    public NorskChatMessage[] Conversation { get; init; } = [];

    /// <summary>The rendered prompt, with BOS/EOS shown as &lt;s&gt;/&lt;/s&gt;.</summary>
    public string Prompt { get; init; } = "";

    public int PromptTokenCount { get; init; }

    public int CompletionTokenCount { get; init; }

    /// <summary>Prompt tokens that a warm context already held (an earlier turn, the same instruction), so were not read again.</summary>
    public int ReusedPromptTokenCount { get; init; }

    /// <summary>
    /// Why the answer ended: a name of <see cref="NorskStopReason"/>. Text rather than the enum, so that ConvertTo-Json
    /// writes the name (it writes an enum as its number) as Export-Csv and the tables already do.
    /// </summary>
    public string StopReason { get; init; } = nameof(NorskStopReason.EndOfSequence);

    /// <summary>The model file's path.</summary>
    public string Model { get; init; } = "";

    /// <summary>The sampling seed; pass it to -Seed to get the same answer again.</summary>
    public uint Seed { get; init; }

    public TimeSpan Duration { get; init; }

    public TimeSpan TimeToFirstToken { get; init; }

    /// <summary>Generated tokens per second, after the first token.</summary>
    public double TokensPerSecond { get; init; }

    public override string ToString() => Content;
}
