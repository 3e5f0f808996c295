using System;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Inspection;
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

    /// <summary>
    /// mradermacher's quantisations, checked against the catalogue; any other file is reachable with -Uri.
    /// </summary>
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
        string target = System.IO.Path.Combine(folder, fileName);
        string partial = ModelStore.PartialPathOf(target);

        if (File.Exists(target) && !Force)
        {
            WriteVerbose($"'{target}' is already installed; nothing was downloaded. Use -Force to download it again.");
            if (PassThru && ModelHeaderReader.TryRead(this, target) is { } installed)
            {
                WriteObject(ModelInfoFactory.Create(installed, target, ModelCache.IsLoaded(target)));
            }

            return;
        }

        if (!ShouldProcess(target, $"Download '{source.AbsoluteUri}'"))
        {
            return;
        }

        if (!Prepare(folder, partial))
        {
            return;
        }

        WriteVerbose($"Downloading '{source.AbsoluteUri}' to '{target}'.");
        if (Download(source, target, partial) is not { } result || Verify(source, result) is not { } header)
        {
            return;
        }

        if (Install(partial, target) && PassThru)
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

    /// <summary>The file is named after the URL's last segment (query and fragment ignored), with .gguf added if missing.</summary>
    private (Uri, string) FromUri()
    {
        string text = Uri.OriginalString;
        if (!Uri.IsAbsoluteUri || (Uri.Scheme != Uri.UriSchemeHttp && Uri.Scheme != Uri.UriSchemeHttps))
        {
            ThrowTerminatingError(InstallErrors.UriInvalid(text, "is not an absolute http or https URL."));
        }

        string name = Uri.UnescapeDataString(Uri.Segments[^1]).Trim();
        if (name.Length == 0 || name.EndsWith('/') || name is "." or ".."
            || name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || name.IndexOfAny(['/', '\\']) >= 0)
        {
            ThrowTerminatingError(InstallErrors.UriInvalid(text, "does not end in a file name to install the model as."));
        }

        if (!ModelStore.IsModelFile(name))
        {
            WriteVerbose($"'{name}' does not end in {ModelStore.ModelExtension}; installing it as '{name}{ModelStore.ModelExtension}'.");
            name += ModelStore.ModelExtension;
        }

        return (Uri, name);
    }

    private string ResolveDestination()
    {
        string current = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        if (Destination is null)
        {
            return ModelStore.GetFolder(current);
        }

        string folder;
        ProviderInfo provider;
        try
        {
            folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination, out provider, out _);
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException)
        {
            ThrowTerminatingError(InstallErrors.DestinationInvalid(Destination, "is not a file system path."));
            throw;
        }

        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            ThrowTerminatingError(InstallErrors.DestinationInvalid(Destination, "is not a file system path."));
        }

        if (File.Exists(folder))
        {
            ThrowTerminatingError(InstallErrors.DestinationInvalid(Destination, "is a file; give the folder to install the model in."));
        }

        return folder;
    }

    /// <summary>Creates the folder; with -Force, throws away a partial download so the file comes fresh.</summary>
    private bool Prepare(string folder, string partial)
    {
        try
        {
            Directory.CreateDirectory(folder);
            if (Force && File.Exists(partial))
            {
                WriteVerbose($"-Force: discarding the partial download '{partial}'.");
                File.Delete(partial);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(InstallErrors.DestinationInvalid(folder, $"cannot be written: {e.Message}"));
            return false;
        }
    }

    private DownloadResult? Download(Uri source, string target, string partial)
    {
        var status = new DownloadStatus();
        var meter = new DownloadMeter(ActivityId, $"Downloading {System.IO.Path.GetFileName(target)}");
        var request = new DownloadRequest(source, target, Sha256?.ToLowerInvariant(), MaximumRetryCount);
        try
        {
            DownloadResult result = BackgroundWork.Run(
                cancel => ModelDownload.RunAsync(request, status, cancel),
                Cancellation,
                () => Report(status, meter));
            WriteProgress(meter.Completed());
            return result;
        }
        catch (DownloadException e)
        {
            WriteProgress(meter.Completed());
            WriteError(InstallErrors.Download(e, source, partial));
            return null;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void Report(DownloadStatus status, DownloadMeter meter)
    {
        while (status.TryTakeNote(out string note))
        {
            WriteVerbose(note);
        }

        if (meter.Next(status) is { } record)
        {
            WriteProgress(record);
        }
    }

    /// <summary>The SHA-256 (when one is known) and then the GGUF header; a bad download is deleted, never installed.</summary>
    private GgufFile? Verify(Uri source, DownloadResult result)
    {
        if (result.ExpectedSha256 is null)
        {
            WriteVerbose("No SHA-256 to check the download against: the server states none. Give -Sha256 to verify it.");
        }
        else if (!string.Equals(result.ActualSha256, result.ExpectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            Discard(result.PartialPath);
            WriteError(InstallErrors.HashMismatch(source, result.ExpectedSha256, result.ActualSha256 ?? "(none)", result.ExpectedFrom ?? "-Sha256"));
            return null;
        }
        else
        {
            WriteVerbose($"SHA-256 {result.ActualSha256} matches {result.ExpectedFrom}.");
        }

        try
        {
            return GgufReader.Read(result.PartialPath);
        }
        catch (GgufFormatException e)
        {
            // Named before the file goes: a safetensors or PyTorch link is a common mistake with a clear way out.
            ForeignModel? found = ForeignFormatSniffer.SniffFile(result.PartialPath);
            Discard(result.PartialPath);
            WriteError(InstallErrors.NotGguf(source, e, found));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(ModelErrors.Unreadable(result.PartialPath, e));
        }

        return null;
    }

    private bool Install(string partial, string target)
    {
        try
        {
            string fullTarget = System.IO.Path.GetFullPath(target);
            if (ModelCache.IsLoaded(fullTarget))
            {
                // The old weights are memory-mapped from the file about to be replaced.
                WriteVerbose($"Unloading '{fullTarget}' before replacing it.");
                ModelCache.Remove(fullTarget);
            }

            File.Move(partial, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(InstallErrors.InstallFailed(target, e));
            return false;
        }

        WriteVerbose($"Installed '{target}' ({ByteSize.Format(new FileInfo(target).Length)}).");
        return true;
    }

    private void Discard(string partial)
    {
        try
        {
            File.Delete(partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteWarning($"The bad download '{partial}' cannot be deleted: {e.Message}");
        }
    }
}
