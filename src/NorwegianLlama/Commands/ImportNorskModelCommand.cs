using System;
using System.Collections.Generic;
using System.Linq;
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
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Models from Get-NorskModelInfo; their paths are taken literally.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public NorskModelInfo[] InputObject { get; set; } = [];

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
        var defaults = new ContextDefaults(
            MyInvocation.BoundParameters.ContainsKey(nameof(ContextSize)) ? ContextSize : null,
            MyInvocation.BoundParameters.ContainsKey(nameof(Threads)) ? Threads : null);

        IEnumerable<string> files = ParameterSetName switch
        {
            InputObjectSet => FilePathResolver.Resolve(this, InputObject.Select(m => m.Path).ToArray(), literal: true, FileErrors.ForModels),
            LiteralPathSet => FilePathResolver.Resolve(this, LiteralPath, literal: true, FileErrors.ForModels),
            _ => FilePathResolver.Resolve(this, Path, literal: false, FileErrors.ForModels),
        };

        foreach (string file in files)
        {
            if (ModelInspection.Inspect(file, out ErrorRecord? error) is not { } header)
            {
                WriteError(error!);
                continue;
            }

            ContextSizeWarning.WarnIfBeyondTraining(this, header, defaults.ContextSize);

            Load(file, header, defaults);
        }
    }

    private void Load(string file, GgufFile header, ContextDefaults defaults)
    {
        if (AcquireModel(file, header, defaults, out ErrorRecord? error) is not { } lease)
        {
            WriteError(error!);
            return;
        }

        using (lease)
        {
            WriteVerbose(lease.LoadedNow
                ? $"Loaded '{file}' in {lease.Model.LoadDuration.TotalMilliseconds:N0} ms."
                : $"'{file}' was already loaded.");
            if (PassThru)
            {
                WriteObject(ModelInfoFactory.Create(lease.Model.Header, lease.Model.Path, isLoaded: true));
            }
        }
    }
}
