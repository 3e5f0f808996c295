using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Inspection;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands;

/// <summary>
/// Downloads a model into the models folder: from Hugging Face by size and quantisation, or from any URL.
/// Resumable, verified (SHA-256 and GGUF) and only ever complete at its final path.
/// </summary>
[Cmdlet(VerbsLifecycle.Install, "NorskModel", DefaultParameterSetName = HuggingFaceSet, SupportsShouldProcess = true)]
[OutputType(typeof(NorskModelInfo))]
public sealed class InstallNorskModelCommand : NorskCmdlet
{
    private const string HuggingFaceSet = "HuggingFace";
    private const string UriSet = "Uri";
    private const int ActivityId = 7200;

    /// <summary>The model size. Checked against the catalogue: only these two exist.</summary>
    [Parameter(Position = 0, ParameterSetName = HuggingFaceSet)]
    [ValidateCatalog(CatalogList.Name)]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string Name { get; set; } = ModelCatalog.DefaultName;

    /// <summary>mradermacher's quantisations, checked against the catalogue; any other file is reachable with -Uri.</summary>
    [Parameter(ParameterSetName = HuggingFaceSet)]
    [ValidateCatalog(CatalogList.Quantization)]
    [ArgumentCompleter(typeof(QuantizationCompleter))]
    public string Quantization { get; set; } = ModelCatalog.DefaultQuantization;

    [Parameter(Mandatory = true, ParameterSetName = UriSet)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    [Parameter]
    [ValidatePattern("^[0-9a-fA-F]{64}$")]
    public string? Sha256 { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int MaximumRetryCount { get; set; } = 3;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        (Uri source, string fileName) = ParameterSetName == UriSet ? FromUri() : FromHuggingFace();
        string folder = ResolveDestination();
        var installer = new ModelInstaller(System.IO.Path.Combine(folder, fileName), WriteVerbose);
        string target = installer.Target;

        if (File.Exists(target) && !Force)
        {
            WriteVerbose(VerboseMessages.AlreadyInstalled(target));
            if (PassThru && ModelHeaderReader.TryRead(this, target) is { } installed)
            {
                WriteObject(ModelInfoFactory.Create(installed, target, ModelCache.IsLoaded(target)));
            }

            return;
        }

        if (!ShouldProcess(target, ActionMessages.Download(source.AbsoluteUri))
            || !TryFileStep(() => installer.Prepare(discardPartial: Force), e => InstallErrors.DestinationInvalid(folder, StoreMessages.DestinationNotWritable(folder, e.Message))))
        {
            return;
        }

        WriteVerbose(VerboseMessages.Downloading(source.AbsoluteUri, target));
        if (Download(source, target) is not { } result || Verify(installer, source, result) is not { } header)
        {
            return;
        }

        if (TryFileStep(() => installer.Install(ModelCache.Remove), e => InstallErrors.InstallFailed(target, e)) && PassThru)
        {
            WriteObject(ModelInfoFactory.Create(header, target, isLoaded: false));
        }
    }

    private (Uri, string) FromHuggingFace()
    {
        string name = ModelCatalog.Canonical(ModelCatalog.Names, Name);
        string quantization = ModelCatalog.Canonical(ModelCatalog.Quantizations, Quantization);
        try
        {
            return (HuggingFaceSource.ResolveUri(name, quantization), ModelCatalog.FileName(name, quantization));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(InstallErrors.EndpointInvalid(e));
            throw;
        }
    }

    private (Uri, string) FromUri()
    {
        string? name = ModelInstaller.FileNameOf(Uri, WriteVerbose, out string problem);
        if (name is null)
        {
            ThrowTerminatingError(InstallErrors.UriInvalid(Uri.OriginalString, problem));
        }

        return (Uri, name!);
    }

    private string ResolveDestination()
    {
        if (Destination is null)
        {
            return ModelStore.GetFolder(SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        }

        string? problem = FileSystemPath.TryResolve(this, Destination, out string folder) switch
        {
            PathFailure.NotFileSystem => StoreMessages.DestinationNotFileSystem(Destination),
            PathFailure.NotFound => StoreMessages.DestinationNotFound(Destination),
            _ => File.Exists(folder) ? StoreMessages.DestinationIsFile(Destination) : null,
        };
        if (problem is not null)
        {
            ThrowTerminatingError(InstallErrors.DestinationInvalid(Destination, problem));
        }

        return folder;
    }

    private bool TryFileStep(Action step, Func<Exception, ErrorRecord> error)
    {
        try
        {
            step();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(error(e));
            return false;
        }
    }

    private DownloadResult? Download(Uri source, string target)
    {
        var status = new DownloadStatus();
        var meter = new DownloadMeter(ActivityId, OutputMessages.DownloadingActivity(System.IO.Path.GetFileName(target)));
        try
        {
            DownloadResult result = BackgroundWork.Run(
                cancel => ModelDownload.RunAsync(new DownloadRequest(source, target, Sha256?.ToLowerInvariant(), MaximumRetryCount), status, cancel),
                Cancellation,
                () => meter.Report(this, status));
            WriteProgress(meter.Completed());
            return result;
        }
        catch (DownloadException e)
        {
            WriteProgress(meter.Completed());
            WriteError(InstallErrors.Download(e, source, ModelStore.PartialPathOf(target)));
            return null;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private GgufFile? Verify(ModelInstaller installer, Uri source, DownloadResult result)
    {
        Verification verified = installer.Verify(result);
        if (verified.DiscardProblem is { } problem)
        {
            WriteWarning(problem);
        }

        if (verified.Header is null)
        {
            WriteError(InstallErrors.Refused(source, result, verified));
        }
        else if (result.ExpectedSha256 is null)
        {
            UncheckedDownloadWarning.Write(this, source, installer.Target);
        }

        return verified.Header;
    }
}
