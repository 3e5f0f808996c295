using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

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

    // The answer ends where the model would start a new Alpaca block of its own.
    private static readonly string[] FormatMarkers = ["### Instruction:", "### Input:", "### Response:"];

    private readonly InstructionInputs inputs = new();
    private uint seed;
    private InstructionResponses? responses;
    private BatchProgress? progress;

    private InstructionResponses Responses => responses ??= new(Instruction, Model.Path, seed);

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

    /// <summary>Inputs decoded together; 1 answers them one at a time. The default depends on the cores.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int BatchSize { get; set; } = InstructionBatching.DefaultSize(CpuTopology.PhysicalCores);

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
            ThrowTerminatingError(ModelErrors.Prompt(new PromptException(PromptErrorIds.InstructionEmpty, PromptMessages.InstructionEmpty()), Instruction));
        }

        if (TextEncodings.Resolve(Encoding) is not { } resolved)
        {
            ThrowTerminatingError(InputErrors.EncodingUnknown(Encoding));
            return;
        }

        inputs.Encoding = resolved;
        Instruction = LoneSurrogates.Repair(Instruction, "-Instruction", WriteWarning);
        base.BeginProcessing();
        seed = ChooseSeed();
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet:
                inputs.AddFiles(FilePathResolver.Resolve(this, Path, literal: false, FileErrors.Input));
                break;
            case LiteralPathSet:
                inputs.AddFiles(FilePathResolver.Resolve(this, LiteralPath, literal: true, FileErrors.Input));
                break;
            default:
                if (InputObject is not null)
                {
                    inputs.AddString(InputObject);
                }

                break;
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == InputObjectSet && !MyInvocation.ExpectingInput)
        {
            inputs.AddNoneIfEmpty();
        }

        int groupSize = Stream ? 1 : BatchSize;
        progress = new BatchProgress(this, $"Invoke-NorskInstruction: {Instruction}", inputs.All, MaxTokens);
        for (int start = 0; start < inputs.All.Count; start += groupSize)
        {
            if (TimeBudgetSpent)
            {
                // The budget is the whole call's: inputs it never reached are reported, not answered.
                foreach (InstructionInput unanswered in inputs.All.Skip(start))
                {
                    WriteError(TimeoutErrors.BeforeAnswer(TimeoutSeconds, unanswered.IsNone ? Instruction : unanswered.Source));
                }

                break;
            }

            progress.Answering(start, groupSize);
            foreach ((NorskInstructionResponse response, NorskStopReason stopReason) in Answer(inputs.All.Skip(start).Take(groupSize)))
            {
                // With -Stream the text pieces already went down the pipeline.
                if (!Stream)
                {
                    WriteAnswer(response, response.Content, stopReason, response.CompletionTokenCount, response.Source);
                }
            }

            progress.GroupEnded();
        }

        progress.Complete();
    }

    private protected override bool Streaming => Stream;

    private protected override bool AnswersCarrySource => true;

    /// <summary>Answers a group of inputs; failed inputs are reported and left out, the rest keep their order.</summary>
    private IEnumerable<(NorskInstructionResponse Response, NorskStopReason StopReason)> Answer(IEnumerable<InstructionInput> group)
    {
        int limit = ContextBudget.PromptLimit(EffectiveContextSize, MaxTokens);
        var fitting = new List<(InstructionInput Input, string Text, int[] Tokens)>();
        var answers = new SortedList<int, (NorskInstructionResponse, NorskStopReason)>();
        foreach ((InstructionInput input, string text) in inputs.Read(group, WriteError, WriteWarning))
        {
            int[] tokens;
            try
            {
                tokens = Tokenize(text);
            }
            catch (PromptException e)
            {
                WriteError(ModelErrors.Prompt(e, input.IsNone ? Instruction : input.Source));
                continue;
            }

            progress?.Measured(input.Position, tokens.Length);
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

        GenerationResult[]? results = fitting.Count > 0 ? GenerateStreamed(fitting.Select(f => f.Tokens).ToList()) : null;
        for (int i = 0; results is not null && i < fitting.Count; i++)
        {
            answers.Add(fitting[i].Input.Position, (Responses.Create(fitting[i].Input, fitting[i].Text, results[i], 1, results[i].Duration), results[i].StopReason));
        }

        return answers.Values;
    }

    private (NorskInstructionResponse, NorskStopReason)? AnswerInParts(InstructionInput input, string text, int limit)
    {
        var clock = Stopwatch.StartNew();
        ReducedInput reduced = new PartwiseAnswer(Tokenize, limit, BatchSize).Reduce(
            text,
            prompts => AnswerParts(prompts)?.Select(r => r.Text).ToList(),
            (parts, pass) =>
            {
                WriteVerbose(VerboseMessages.AnsweringInParts(input.Source, parts, pass));
                progress?.Splitting(input.Position, parts, pass);
            });
        progress?.PartsEnded();
        if (reduced.UnfitTokenCount is int unfit)
        {
            WriteError(InputErrors.TooLong(input.Source, unfit, limit));
        }

        GenerationResult[]? final = reduced.Prompt is null ? null : GenerateStreamed([reduced.Prompt]);
        return final is null ? null : (Responses.Create(input, text, final[0], reduced.PartCount, clock.Elapsed), final[0].StopReason);
    }

    private GenerationResult[]? AnswerParts(IReadOnlyList<int[]> prompts)
    {
        GenerationResult[]? results = Generate(prompts, Options(), onText: null, progress);
        if (results is not null)
        {
            progress?.PartsAnswered(results);
        }

        return results;
    }

    private GenerationResult[]? GenerateStreamed(List<int[]> prompts)
    {
        var display = new AnswerDisplay(this, Stream ? AnswerDisplay.Target.Pipeline : AnswerDisplay.Target.None);
        GenerationResult[]? results = Generate(prompts, Options(), display.Sink, progress);
        if (results is not null)
        {
            progress?.Answered(results);
        }

        return results;
    }

    private GenerationOptions Options() => CreateOptions(seed, FormatMarkers) with { Meter = progress?.Meter };

    private int[] Tokenize(string input) =>
        Tokenize(Model.Weights.NativeHandle, AlpacaTemplate.Render(Instruction, input));
}
