using System;
using System.Collections.Generic;
using System.Text;
using LLama.Native;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Inference;

/// <summary>
/// Turns rendered segments into token ids: BOS/EOS as the model's ids, text with special-token parsing off,
/// so "&lt;/s&gt;" typed by a person stays five characters of text.
/// </summary>
internal static class PromptTokenizer
{
    public static int[] Tokenize(SafeLlamaModelHandle model, RenderedPrompt prompt)
    {
        var vocabulary = model.Vocab;
        var tokens = new List<int>();
        foreach (PromptSegment segment in prompt.Segments)
        {
            switch (segment.Kind)
            {
                case PromptSegmentKind.Bos:
                    tokens.Add((int)(vocabulary.BOS ?? throw new InvalidOperationException("The model defines no beginning-of-sequence token.")));
                    break;
                case PromptSegmentKind.Eos:
                    tokens.Add((int)(vocabulary.EOS ?? throw new InvalidOperationException("The model defines no end-of-sequence token.")));
                    break;
                default:
                    if (segment.Text.Length > 0)
                    {
                        // Arguments: no BOS of its own, no special-token parsing.
                        foreach (LLamaToken token in model.Tokenize(segment.Text, false, false, Encoding.UTF8))
                        {
                            tokens.Add((int)token);
                        }
                    }

                    break;
            }
        }

        return tokens.ToArray();
    }
}
