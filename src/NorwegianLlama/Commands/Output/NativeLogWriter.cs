using System;
using System.Management.Automation;
using LLama.Native;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Commands.Output;

/// <summary>
/// Where llama.cpp's own log lines go. They explain llama.cpp, not the module, so -Verbose leaves them out: they
/// reach the Debug stream when the cmdlet's debug output is wanted, and with $env:NORSK_NATIVE_LOG on they go
/// where they used to (the summary to Verbose, the per-key and per-tensor detail to Debug).
/// </summary>
internal sealed class NativeLogWriter
{
    public const string Variable = "NORSK_NATIVE_LOG";

    private const string Prefix = "llama.cpp: ";

    private readonly Cmdlet cmdlet;
    private readonly bool summaryToVerbose;
    private readonly bool toDebug;

    private NativeLogWriter(Cmdlet cmdlet, bool summaryToVerbose, bool toDebug)
    {
        this.cmdlet = cmdlet;
        this.summaryToVerbose = summaryToVerbose;
        this.toDebug = toDebug;
    }

    /// <summary>Whether any line will be written; when not, the capture need not keep them.</summary>
    public bool Wanted => summaryToVerbose || toDebug;

    /// <summary>Decided once per native operation, on the pipeline thread, from the cmdlet's -Debug and the variables.</summary>
    public static NativeLogWriter For(PSCmdlet cmdlet) =>
        new(cmdlet, NativeLogSwitchOn(), DebugWanted(cmdlet));

    public static bool NativeLogSwitchOn() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value && EnvironmentSwitch.IsOn(value);

    /// <summary>
    /// The cmdlet's debug preference as PowerShell 7 derives it: -Debug (or -Debug:$false) first, else $DebugPreference
    /// in the caller's scope.
    /// </summary>
    public static bool DebugWanted(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out object? flag))
        {
            return flag is SwitchParameter on ? on.IsPresent : LanguagePrimitives.IsTrue(flag);
        }

        return Enum.TryParse(cmdlet.GetVariableValue("DebugPreference")?.ToString(), ignoreCase: true, out ActionPreference preference)
            && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    public void Write(NativeLogCapture capture)
    {
        while (capture.TryDequeue(out NativeLogLine line))
        {
            if (summaryToVerbose && !IsDetail(line))
            {
                cmdlet.WriteVerbose(Prefix + line.Text);
            }
            else if (toDebug)
            {
                cmdlet.WriteDebug(Prefix + line.Text);
            }
        }
    }

    /// <summary>
    /// llama.cpp logs one line per GGUF key and per tensor type of a model or adapter (mostly at Info level): hundreds of
    /// lines that would drown the summary that $env:NORSK_NATIVE_LOG sends to Verbose.
    /// </summary>
    private static bool IsDetail(NativeLogLine line) =>
        line.Level == LLamaLogLevel.Debug || line.Text.StartsWith("llama_model_loader: - ", StringComparison.Ordinal)
        || line.Text.StartsWith("llama_adapter_lora_init_impl: - kv", StringComparison.Ordinal);
}
