using System;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Commands;

[Cmdlet(VerbsData.Import, "NorskModel", DefaultParameterSetName = PathSet)]
[OutputType(typeof(NorskModelInfo))]
public sealed class ImportNorskModelCommand : NorskCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Tokens the model can attend to in later calls; more costs memory.</summary>
    [Parameter]
    [ValidateRange(64, 1 << 20)]
    public int ContextSize { get; set; }

    [Parameter]
    [ValidateRange(1, 512)]
    public int Threads { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        var defaults = new ContextDefaults(
            MyInvocation.BoundParameters.ContainsKey(nameof(ContextSize)) ? ContextSize : null,
            MyInvocation.BoundParameters.ContainsKey(nameof(Threads)) ? Threads : null);

        foreach (string file in ModelPathResolver.Resolve(this, literal ? LiteralPath : Path, literal))
        {
            if (ModelHeaderReader.TryRead(this, file) is not { } header)
            {
                continue;
            }

            if (LoadabilityCheck.FindProblem(header) is { } problem)
            {
                WriteError(ModelErrors.NotLoadable(file, problem));
                continue;
            }

            if (defaults.ContextSize > header.FindInteger($"{header.FindString("general.architecture")}.context_length"))
            {
                WriteWarning($"ContextSize {defaults.ContextSize} is larger than the {header.FindString("general.architecture")} model was trained for; answers past that length degrade.");
            }

            Load(file, header, defaults);
        }
    }

    private void Load(string file, GgufFile header, ContextDefaults defaults)
    {
        ModelLease lease;
        try
        {
            lease = RunNative(
                (cancel, progress) => ModelCache.AcquireAsync(file, header, defaults, progress, cancel),
                $"Loading {System.IO.Path.GetFileName(file)}",
                (e, nativeErrors) => new LoadFailure(ModelErrors.LoadFailed(file, e, nativeErrors)));
        }
        catch (InvalidOperationException e) when (e is not LoadFailure)
        {
            ThrowTerminatingError(ModelErrors.NativeUnavailable(e));
            return;
        }
        catch (LoadFailure failure)
        {
            WriteError(failure.Record);
            return;
        }

        using (lease)
        {
            WriteVerbose($"Loaded '{file}' in {lease.Model.LoadDuration.TotalMilliseconds:N0} ms.");
            if (PassThru)
            {
                WriteObject(ModelInfoFactory.Create(lease.Model.Header, lease.Model.Path, isLoaded: true));
            }
        }
    }

    /// <summary>Carries a load's ErrorRecord out of the native pump.</summary>
    private sealed class LoadFailure(ErrorRecord record) : InvalidOperationException(record.Exception.Message)
    {
        public ErrorRecord Record { get; } = record;
    }
}
