using System;
using LLama;
using LLama.Native;

namespace NorwegianLlama.Inference;

/// <summary>
/// Holds a sequence's answer to a GBNF grammar (already parsed by us) in front of the sampler: tokens the
/// grammar rejects get -∞ before sampling, and the chosen token is then fed to the grammar.
/// </summary>
/// <remarks>
/// LLamaSharp's own grammar sampling accepts whatever it draws when the grammar rejects every token, and
/// llama.cpp then throws out of the native call, which terminates the process. Checking first turns that
/// dead end (a grammar asking for a character no token can write) into an ordinary stop.
/// </remarks>
internal sealed class GrammarGate : IDisposable
{
    private readonly SafeLLamaSamplerChainHandle grammar;
    private readonly LLamaTokenData[] candidates;

    public GrammarGate(LLamaWeights weights, string gbnf)
    {
        grammar = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        grammar.AddGrammar(weights.Vocab, gbnf, "root");
        candidates = new LLamaTokenData[weights.Vocab.Count];
    }

    /// <summary>Sets the logits of the tokens the grammar rejects to -∞; false when it leaves none.</summary>
    public bool Mask(Span<float> logits)
    {
        int count = Math.Min(logits.Length, candidates.Length);
        LLamaTokenDataArray array = LLamaTokenDataArray.Create(logits[..count], candidates.AsMemory(0, count));
        using (LLamaTokenDataArrayNative.Create(array, out LLamaTokenDataArrayNative native))
        {
            grammar.Apply(ref native);
        }

        bool any = false;
        foreach (LLamaTokenData candidate in candidates.AsSpan(0, count))
        {
            int token = (int)candidate.ID;
            if (float.IsNegativeInfinity(candidate.Logit))
            {
                logits[token] = float.NegativeInfinity;
            }
            else if (!float.IsNegativeInfinity(logits[token]))
            {
                any = true;
            }
        }

        return any;
    }

    public void Accept(LLamaToken token) => grammar.Accept(token);

    public void Dispose() => grammar.Dispose();
}
