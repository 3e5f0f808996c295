using LLama.Native;

namespace NorwegianLlama.Inference;

/// <summary>What a batch does with the cells of an answer that is done.</summary>
/// <param name="keptPrefix">
/// Tokens sequence 0 keeps (a batch's shared prefix, for the next batch to reuse), or null to keep every
/// sequence whole (a single answer, whose whole cache the pool remembers).
/// </param>
internal sealed class FinishedSequences(int? keptPrefix)
{
    public static readonly FinishedSequences KeepAll = new(null);

    public void Free(SafeLLamaContextHandle context, GeneratingSequence sequence)
    {
        if (keptPrefix is not int kept)
        {
            return;
        }

        // Frees its cells for the sequences still generating; the shared prefix's cells stay while sequence 0 holds them.
        context.MemorySequenceRemove(sequence.Id, sequence.Index == 0 ? kept : -1, -1);
    }
}
