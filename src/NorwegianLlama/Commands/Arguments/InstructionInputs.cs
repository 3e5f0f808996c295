using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>Invoke-NorskInstruction's inputs in arrival order; piped strings are numbered for their Source.</summary>
internal sealed class InstructionInputs
{
    private readonly List<InstructionInput> inputs = new();
    private int stringCount;

    public IReadOnlyList<InstructionInput> All => inputs;

    /// <summary>How files without a byte order mark are read.</summary>
    public Encoding Encoding { get; set; } = new UTF8Encoding(false);

    public void AddString(string text) => inputs.Add(InstructionInput.FromString(inputs.Count, ++stringCount, text));

    public void AddFiles(IEnumerable<string> files)
    {
        foreach (string file in files)
        {
            inputs.Add(InstructionInput.FromFile(inputs.Count, file));
        }
    }

    /// <summary>With nothing given, the instruction stands alone, which the Alpaca format allows.</summary>
    public void AddNoneIfEmpty()
    {
        if (inputs.Count == 0)
        {
            inputs.Add(InstructionInput.None);
        }
    }

    /// <summary>
    /// The texts of <paramref name="group"/>, each read only when the enumeration reaches it, so a long input
    /// answered in parts never waits on the files after it; unreadable inputs are reported and skipped, and a file
    /// that is not in <see cref="Encoding"/> is read all the same, after a warning, as is text with lone surrogates.
    /// </summary>
    public IEnumerable<(InstructionInput Input, string Text)> Read(
        IEnumerable<InstructionInput> group, Action<ErrorRecord> report, Action<string> warn)
    {
        foreach (InstructionInput input in group)
        {
            if (input.Read(Encoding, out ErrorRecord? error, out bool undecodable) is { } text)
            {
                if (undecodable)
                {
                    warn(UndecodableInputWarning.Text(input.Source, Encoding));
                }

                yield return (input, LoneSurrogates.Repair(text, CmdletMessages.InputSourceInput(input.Source), warn));
            }
            else
            {
                report(error!);
            }
        }
    }
}
