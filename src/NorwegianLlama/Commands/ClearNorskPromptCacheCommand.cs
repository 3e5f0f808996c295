using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference.PromptCache;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands;

/// <summary>
/// Deletes the prompt cache's files (saved KV states of prompt prefixes) from the cache folder. Contexts
/// already warm in this process are not touched; Remove-NorskModel drops those.
/// </summary>
[Cmdlet(VerbsCommon.Clear, "NorskPromptCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
public sealed class ClearNorskPromptCacheCommand : PSCmdlet
{
    protected override void BeginProcessing() => DebugWithoutPrompts.Apply(this);

    protected override void ProcessRecord()
    {
        var settings = PromptCacheSettings.FromEnvironment();
        var folder = new PromptCacheFolder(settings.Folder, settings.MaxBytes);
        WriteVerbose(VerboseMessages.PromptCacheFolder(folder.Folder));
        foreach (string file in folder.ListFiles())
        {
            if (!ShouldProcess(file, ActionMessages.DeletePromptCacheFile()))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                WriteVerbose(VerboseMessages.Deleted(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(PromptCacheErrors.ClearFailed(file, e));
            }
        }
    }
}
