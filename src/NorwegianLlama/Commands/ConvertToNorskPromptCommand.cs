using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Inspection;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands;

/// <summary>
/// Shows exactly what the model would be given, without generating: the rendered text, and with a model
/// the token ids.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "NorskPrompt", DefaultParameterSetName = ChatSet)]
[OutputType(typeof(NorskPrompt))]
public sealed class ConvertToNorskPromptCommand : NorskCmdlet
{
    private const string ChatSet = "Chat";
    private const string InstructionSet = "Instruction";

    private TokenizerLease? tokens;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ChatSet)]
    [AllowEmptyString]
    [MessageText]
    public string Message { get; set; } = "";

    [Parameter(ParameterSetName = ChatSet)]
    [AllowEmptyString]
    public string? SystemPrompt { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ChatSet)]
    [AllowEmptyCollection]
    public object[]? Conversation { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = InstructionSet)]
    [ValidateNotNullOrEmpty]
    public string Instruction { get; set; } = "";

    [Parameter(ValueFromPipeline = true, ParameterSetName = InstructionSet)]
    [AllowEmptyString]
    [AllowNull]
    public string? InputObject { get; set; }

    /// <summary>The model whose tokenizer gives Tokens; without it, $env:NORSK_MODEL_PATH or the loaded model, if any.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelPathCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ModelPath { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        ResolvedModel resolved = ModelResolver.Resolve(this, ModelPath);
        if (resolved.Error is not null)
        {
            Fail(resolved.Error, resolved.Explicit);
        }
        else if (resolved.Path is not null)
        {
            tokens = OpenTokenizer(resolved.Path, resolved.Explicit);
        }
    }

    protected override void ProcessRecord()
    {
        RenderedPrompt prompt;
        int[]? ids;
        try
        {
            prompt = ParameterSetName == InstructionSet ? RenderInstruction() : RenderChat();
            ids = tokens is null ? null : Tokenize(tokens.Handle, prompt);
        }
        catch (PromptException e)
        {
            WriteError(ModelErrors.Prompt(e, ParameterSetName == InstructionSet ? Instruction : Message));
            return;
        }

        WriteObject(new NorskPrompt
        {
            Text = prompt.DisplayText,
            Format = prompt.Format.ToString(),
            Tokens = ids,
            TokenCount = ids?.Length,
            Model = tokens?.Path,
        });
    }

    protected override void DisposeResources() => tokens?.Dispose();

    /// <summary>As Invoke-NorskInstruction renders it, lone surrogates replaced with a warning.</summary>
    private RenderedPrompt RenderInstruction() => AlpacaTemplate.Render(
        LoneSurrogates.Repair(Instruction, "-Instruction", WriteWarning),
        InputObject is null ? null : LoneSurrogates.Repair(InputObject, "-InputObject", WriteWarning));

    /// <summary>As Invoke-NorskChat renders it: carried answer ids where they hold for this model, and text elsewhere.</summary>
    private RenderedPrompt RenderChat()
    {
        var messages = ChatConversation.Build(Conversation, SystemPrompt, MyInvocation.BoundParameters.ContainsKey(nameof(SystemPrompt)), Message, WriteWarning);
        AnswerTokenCheck.DropStale(messages, tokens is null ? null : ModelVocabulary.Of(tokens.Handle));
        return Llama2ChatTemplate.Render(messages);
    }

    /// <summary>The loaded model's tokenizer, or else the file's vocabulary alone from the cache, which reads in milliseconds even for 8 GB.</summary>
    private TokenizerLease? OpenTokenizer(string path, bool isExplicit)
    {
        if (ModelInspection.Inspect(path, out ErrorRecord? error) is null)
        {
            return Fail(error!, isExplicit);
        }

        try
        {
            TokenizerLease lease = RunNative(
                (cancel, _) => System.Threading.Tasks.Task.FromResult(ModelCache.AcquireTokenizer(path)),
                progressActivity: null,
                (e, nativeErrors) => new NativeFailure(ModelErrors.LoadFailed(path, e, nativeErrors)));
            if (lease.LoadedNow)
            {
                WriteVerbose(VerboseMessages.ReadVocabulary(path));
            }

            return lease;
        }
        catch (NativeFailure failure)
        {
            return Fail(failure.Record, isExplicit);
        }
    }

    /// <summary>
    /// Token ids are extra: a model named with -ModelPath must work, but one merely found in the environment
    /// only costs the ids, with a warning.
    /// </summary>
    private TokenizerLease? Fail(ErrorRecord error, bool isExplicit)
    {
        if (isExplicit)
        {
            ThrowTerminatingError(error);
        }

        WriteWarning(OutputMessages.NoTokenIds(error.ErrorDetails?.Message ?? error.Exception.Message));
        return null;
    }
}
