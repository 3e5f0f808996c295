using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Text;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Commands;

/// <summary>
/// Runs one Alpaca instruction over many inputs (files and strings), decoding several together, and
/// writes one response per input in input order.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "NorskInstruction", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(NorskInstructionResponse), typeof(string), typeof(PSObject))]
public sealed class InvokeNorskInstructionCommand : NorskStructuredCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int MaxReducePasses = 3;

    // The answer ends where the model would start a new Alpaca block of its own.
    private static readonly string[] FormatMarkers = ["### Instruction:", "### Input:", "### Response:"];

    private readonly List<InstructionInput> inputs = new();
    private int stringCount;
    private Encoding encoding = new UTF8Encoding(false);
    private uint seed;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Instruction { get; set; } = "";

    /// <summary>Text to apply the instruction to; each piped string is one input.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowEmptyString]
    public string? InputObject { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>How files are read when they have no byte order mark; UTF-8 by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    [ValidateNotNullOrEmpty]
    public string Encoding { get; set; } = "utf8";

    /// <summary>Inputs decoded together; 1 answers them one at a time.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int BatchSize { get; set; } = 4;

    /// <summary>Write each answer's text pieces to the pipeline as they are generated; inputs go one at a time.</summary>
    [Parameter]
    public SwitchParameter Stream { get; set; }

    /// <summary>Answer inputs longer than the context in overlapping parts, then combine the partial answers.</summary>
    [Parameter]
    public SwitchParameter SplitLongInput { get; set; }

    protected override void BeginProcessing()
    {
        if (PythonWhitespace.IsNullOrWhiteSpace(Instruction))
        {
            ThrowTerminatingError(ModelErrors.Prompt(new PromptException(PromptErrorIds.InstructionEmpty, "The instruction is empty; say what the model should do."), Instruction));
        }

        encoding = TextEncodings.Resolve(Encoding) ?? ThrowBadEncoding();
        base.BeginProcessing();
        seed = ChooseSeed();
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet:
                AddFiles(FilePathResolver.Resolve(this, Path, literal: false, InputErrors.ForInputs));
                break;
            case LiteralPathSet:
                AddFiles(FilePathResolver.Resolve(this, LiteralPath, literal: true, InputErrors.ForInputs));
                break;
            default:
                if (InputObject is not null)
                {
                    inputs.Add(InstructionInput.FromString(inputs.Count, ++stringCount, InputObject));
                }

                break;
        }
    }

    protected override void EndProcessing()
    {
        // Nothing piped and no files named: the instruction stands alone, which the Alpaca format allows.
        if (inputs.Count == 0 && ParameterSetName == InputObjectSet && !MyInvocation.ExpectingInput)
        {
            inputs.Add(InstructionInput.None);
        }

        int groupSize = Stream ? 1 : BatchSize;
        var clock = Stopwatch.StartNew();
        var progress = new ProgressRecord(7100, $"Invoke-NorskInstruction: {Instruction}", "Starting");
        for (int start = 0; start < inputs.Count; start += groupSize)
        {
            var group = inputs.Skip(start).Take(groupSize).ToList();
            ReportProgress(progress, start, clock);
            foreach (NorskInstructionResponse response in Answer(group))
            {
                // With -Stream the text pieces already went down the pipeline.
                if (!Stream)
                {
                    WriteAnswer(response, response.Content, response.StopReason, response.CompletionTokenCount, response.Source);
                }
            }
        }

        if (inputs.Count > 0)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private protected override bool Streaming => Stream;

    private void AddFiles(IEnumerable<string> files)
    {
        foreach (string file in files)
        {
            inputs.Add(InstructionInput.FromFile(inputs.Count, file));
        }
    }

    private void ReportProgress(ProgressRecord progress, int done, Stopwatch clock)
    {
        int last = Math.Min(inputs.Count, done + (Stream ? 1 : BatchSize));
        progress.StatusDescription = $"{done} of {inputs.Count} done; answering {(last - done == 1 ? $"{last}" : $"{done + 1}–{last}")}";
        progress.PercentComplete = (int)(100.0 * done / inputs.Count);
        progress.SecondsRemaining = done == 0 ? -1 : (int)(clock.Elapsed.TotalSeconds / done * (inputs.Count - done));
        WriteProgress(progress);
    }

    /// <summary>Answers a group of inputs; failed inputs are reported and left out, the rest keep their order.</summary>
    private IEnumerable<NorskInstructionResponse> Answer(List<InstructionInput> group)
    {
        int limit = ContextBudget.PromptLimit(EffectiveContextSize, MaxTokens);
        var fitting = new List<(InstructionInput Input, string Text, int[] Tokens)>();
        var answers = new SortedList<int, NorskInstructionResponse>();
        foreach (InstructionInput input in group)
        {
            string? text = input.Read(encoding, out ErrorRecord? error);
            if (text is null)
            {
                WriteError(error!);
                continue;
            }

            int[] tokens = Tokenize(text);
            if (tokens.Length <= limit)
            {
                fitting.Add((input, text, tokens));
            }
            else if (SplitLongInput)
            {
                if (AnswerInParts(input, text, limit) is { } combined)
                {
                    answers.Add(input.Position, combined);
                }
            }
            else
            {
                WriteError(InputErrors.TooLong(input.Source, tokens.Length, limit));
            }
        }

        if (fitting.Count > 0)
        {
            GenerationResult[]? results = GenerateStreamed(fitting.Select(f => f.Tokens).ToList());
            if (results is null)
            {
                return answers.Values;
            }

            for (int i = 0; i < fitting.Count; i++)
            {
                answers.Add(fitting[i].Input.Position, ToResponse(fitting[i].Input, fitting[i].Text, results[i], 1, results[i].Duration));
            }
        }

        return answers.Values;
    }

    /// <summary>
    /// Map-reduce for an input longer than the context: the instruction is answered for overlapping parts,
    /// then once more over the partial answers together (repeated if even those are too long).
    /// </summary>
    private NorskInstructionResponse? AnswerInParts(InstructionInput input, string text, int limit)
    {
        var clock = Stopwatch.StartNew();
        string material = text;
        int parts = 0;
        for (int pass = 0; pass <= MaxReducePasses; pass++)
        {
            int[] whole = Tokenize(material);
            if (whole.Length <= limit)
            {
                GenerationResult[]? final = GenerateStreamed([whole]);
                return final is null ? null : ToResponse(input, text, final[0], parts, clock.Elapsed);
            }

            List<string> chunks = SplitToFit(material, limit);
            parts = Math.Max(parts, chunks.Count);
            WriteVerbose($"{input.Source}: answering {chunks.Count} overlapping parts (pass {pass + 1}).");
            var partial = new List<string>();
            for (int start = 0; start < chunks.Count; start += BatchSize)
            {
                var prompts = chunks.Skip(start).Take(BatchSize).Select(Tokenize).ToList();
                GenerationResult[]? results = Generate(prompts, CreateOptions(seed, FormatMarkers), onText: null);
                if (results is null)
                {
                    return null;
                }

                partial.AddRange(results.Select(r => r.Text.Trim()));
            }

            material = string.Join("\n\n", partial);
        }

        WriteError(InputErrors.TooLong(input.Source, Tokenize(material).Length, limit));
        return null;
    }

    /// <summary>Parts sized from the text's own characters-per-token, shrunk until every part's prompt fits.</summary>
    private List<string> SplitToFit(string text, int limit)
    {
        int overhead = Tokenize("").Length;
        int textTokens = Math.Max(1, Tokenize(text).Length - overhead);
        double charsPerToken = (double)text.Length / textTokens;
        int maxChars = Math.Max(16, (int)((limit - overhead) * charsPerToken * 0.9));
        while (true)
        {
            List<string> chunks = TextChunker.Split(text, maxChars, maxChars / 8);
            if (chunks.All(chunk => Tokenize(chunk).Length <= limit) || maxChars <= 16)
            {
                return chunks;
            }

            maxChars = (int)(maxChars * 0.8);
        }
    }

    private GenerationResult[]? GenerateStreamed(List<int[]> prompts)
    {
        var display = new AnswerDisplay(this, Stream ? AnswerDisplay.Target.Pipeline : AnswerDisplay.Target.None);
        return Generate(prompts, CreateOptions(seed, FormatMarkers), display.Sink);
    }

    private int[] Tokenize(string input) =>
        PromptTokenizer.Tokenize(Model.Weights.NativeHandle, AlpacaTemplate.Render(Instruction, input));

    private NorskInstructionResponse ToResponse(InstructionInput input, string text, GenerationResult result, int chunks, TimeSpan duration) => new()
    {
        Instruction = Instruction,
        Input = input.IsNone ? null : InstructionInput.Preview(text),
        Source = input.Source,
        Content = result.Text.Trim(),
        PromptTokenCount = result.PromptTokenCount,
        CompletionTokenCount = result.CompletionTokenCount,
        ReusedPromptTokenCount = result.ReusedPromptTokenCount,
        StopReason = result.StopReason,
        ChunkCount = chunks,
        Model = Model.Path,
        Seed = seed,
        Duration = duration,
        // A long input's earlier passes count as reading: the first token that reaches the person is the final pass's.
        TimeToFirstToken = duration - (result.Duration - result.TimeToFirstToken),
        TokensPerSecond = Math.Round(result.TokensPerSecond, 2),
    };

    private Encoding ThrowBadEncoding()
    {
        ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"'{Encoding}' is not an encoding; use utf8, utf8NoBOM, utf8BOM, ascii, latin1, unicode, bigendianunicode, utf32 or a code page name."),
            "EncodingUnknown", ErrorCategory.InvalidArgument, Encoding));
        return null!;
    }
}
