using System;
using System.Collections.Generic;

namespace NorwegianLlama.Inference;

/// <summary>
/// The time left of a call over many inputs, from the pace of its work so far. Work is counted in tokens read and
/// written, which is what llama.cpp spends the time on: an input not yet read is guessed from its size, an answer from
/// the answers written so far (MaxTokens until there is one), so a long input left over weighs as much as it will take.
/// </summary>
internal sealed class WorkEstimate
{
    // Llama-2's vocabulary spends about a token per 3.5 bytes of Norwegian prose; measured inputs replace the guess.
    private const double GuessedTokensPerByte = 0.3;

    // An estimate that was too low must not run out while work remains; what is left of it never drops below this share.
    private const double LeastShareLeft = 0.05;

    private readonly IReadOnlyList<long> sizes;
    private readonly int?[] promptTokens;
    private readonly int[] answersPerInput;
    private readonly bool[] finished;
    private readonly int maxTokens;
    private long measuredBytes;
    private long measuredTokens;
    private long answers;
    private long answerTokens;

    /// <param name="sizes">Each input's size in bytes (characters for text given directly), in input order.</param>
    /// <param name="maxTokens">The most tokens an answer may have: the guess until answers are measured.</param>
    public WorkEstimate(IReadOnlyList<long> sizes, int maxTokens)
    {
        this.sizes = sizes;
        this.maxTokens = maxTokens;
        promptTokens = new int?[sizes.Count];
        answersPerInput = new int[sizes.Count];
        Array.Fill(answersPerInput, 1);
        finished = new bool[sizes.Count];
    }

    public int Count => sizes.Count;

    /// <summary>The input's prompt, now tokenized, has this many tokens.</summary>
    public void Measured(int input, int tokens)
    {
        if (promptTokens[input] is null)
        {
            measuredBytes += sizes[input];
            measuredTokens += tokens;
        }

        promptTokens[input] = tokens;
    }

    /// <summary>The input is answered in this many parts, and once more over their answers.</summary>
    public void Split(int input, int parts) => answersPerInput[input] = Math.Max(answersPerInput[input], parts + 1);

    /// <summary>This many answers were written, with this many tokens in all.</summary>
    public void Answered(int count, long tokens)
    {
        answers += count;
        answerTokens += tokens;
    }

    public void Finished(int input) => finished[input] = true;

    /// <summary>Tokens still to read and write for the unfinished inputs, less what was already spent on them.</summary>
    public double RemainingTokens(long spentOnUnfinished)
    {
        double tokensPerByte = measuredBytes > 0 && measuredTokens > 0 ? (double)measuredTokens / measuredBytes : GuessedTokensPerByte;
        double answerLength = answers > 0 ? (double)answerTokens / answers : maxTokens;
        double left = 0;
        for (int i = 0; i < sizes.Count; i++)
        {
            if (!finished[i])
            {
                left += (promptTokens[i] ?? Math.Max(1, sizes[i] * tokensPerByte)) + (answersPerInput[i] * Math.Max(1, answerLength));
            }
        }

        return Math.Max(left - spentOnUnfinished, left * LeastShareLeft);
    }

    /// <summary>
    /// Seconds left at the pace so far: -1 until some work is done (no pace yet), 0 once every input is finished, and
    /// never below 1 while any remains.
    /// </summary>
    /// <param name="spent">Tokens read and written in the whole call.</param>
    /// <param name="spentOnUnfinished">Of those, tokens spent on inputs not yet finished.</param>
    public int SecondsRemaining(long spent, long spentOnUnfinished, TimeSpan elapsed)
    {
        if (Array.TrueForAll(finished, done => done))
        {
            return 0;
        }

        if (spent <= 0 || elapsed <= TimeSpan.Zero)
        {
            return -1;
        }

        double seconds = RemainingTokens(spentOnUnfinished) / (spent / elapsed.TotalSeconds);
        return (int)Math.Clamp(Math.Ceiling(seconds), 1, int.MaxValue);
    }

    /// <summary>The share of the call's work done, as a percentage below 100 while any input remains.</summary>
    public int PercentComplete(long spent, long spentOnUnfinished)
    {
        if (Array.TrueForAll(finished, done => done))
        {
            return 100;
        }

        double left = RemainingTokens(spentOnUnfinished);
        return (int)Math.Clamp(100 * spent / (spent + left), 0, 99);
    }
}
