using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Hosting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Base;

/// <summary>
/// Base of every cmdlet that touches llama.cpp: Ctrl+C cancels the running native work, and llama.cpp's log
/// (when someone asked for it, see <see cref="NativeLogWriter"/>) and progress reach the host from the pipeline
/// thread, the only thread allowed to write.
/// </summary>
public abstract class NorskCmdlet : PSCmdlet, IDisposable
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(50);
    private static int nextActivityId = 7000;

    private readonly CancellationTokenSource stopping = new();

    protected CancellationToken Cancellation => stopping.Token;

    protected override void StopProcessing() => stopping.Cancel();

    protected override void BeginProcessing() => DebugWithoutPrompts.Apply(this);

    public void Dispose()
    {
        DisposeResources();
        stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs once when the cmdlet is done, whether it finished, failed or was stopped.</summary>
    protected virtual void DisposeResources()
    {
    }

    /// <summary>
    /// Runs native work off the pipeline thread and pumps its log and progress until it ends. The native
    /// error lines are handed to <paramref name="onFailure"/> so the ErrorRecord can carry llama.cpp's reason.
    /// </summary>
    private protected T RunNative<T>(
        Func<CancellationToken, IProgress<float>, Task<T>> work,
        string? progressActivity,
        Func<Exception, string[], Exception>? onFailure = null,
        IPipelinePump? channel = null,
        string? progressStatus = null)
    {
        try
        {
            NativeRuntime.EnsureReady();
        }
        catch (InvalidOperationException e)
        {
            ThrowTerminatingError(ModelErrors.NativeUnavailable(e));
        }

        var progress = new LatestProgress();
        int activityId = Interlocked.Increment(ref nextActivityId);
        NativeLogWriter log = NativeLogWriter.For(this);
        using var capture = NativeLogCapture.Begin(keepLines: log.Wanted);
        Task<T> task = Task.Run(() => work(Cancellation, progress));
        try
        {
            if (progressActivity is not null && progressStatus is not null)
            {
                WriteProgress(new ProgressRecord(activityId, progressActivity, progressStatus));
            }

            WaitHandle[] wakeOn = channel is null
                ? [((IAsyncResult)task).AsyncWaitHandle]
                : [((IAsyncResult)task).AsyncWaitHandle, channel.Arrived];
            while (!task.IsCompleted)
            {
                WaitHandle.WaitAny(wakeOn, PumpInterval);
                channel?.Drain();
                log.Write(capture);
                if (progressActivity is not null && progress.Take() is float fraction)
                {
                    WriteProgress(new ProgressRecord(activityId, progressActivity, progressStatus ?? $"{fraction:P0}")
                    {
                        PercentComplete = (int)Math.Clamp(fraction * 100, 0, 100),
                    });
                }
            }

            if (progressActivity is not null)
            {
                WriteProgress(new ProgressRecord(activityId, progressActivity, OutputMessages.ProgressDone()) { RecordType = ProgressRecordType.Completed });
            }

            channel?.Drain();
            log.Write(capture);
        }
        catch
        {
            // The host refused a write (the pipeline was stopped, or a -Debug prompt was declined) while the
            // native work still runs: stop it, and release whatever it still produces.
            stopping.Cancel();
            ReleaseWhenDone(task);
            throw;
        }

        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (onFailure is not null)
        {
            throw onFailure(e, [.. capture.Errors]);
        }
    }

    /// <summary>
    /// Takes the model with its adapters from the cache, loading what is missing (with progress; Ctrl+C cancels). Returns null
    /// with the ErrorRecord carrying llama.cpp's own reason when the load fails.
    /// </summary>
    /// <param name="repack">Whether the weights are repacked for the CPU; null uses the file's weights as loaded.</param>
    /// <param name="gpuLayers">The layers asked to run on the GPU; null uses the file's weights as loaded.</param>
    private protected Inference.ModelLease? AcquireModel(
        string path, Gguf.GgufFile header, Inference.LoraSet loras, Inference.ContextDefaults? defaults, out ErrorRecord? error,
        bool? repack = null, int? gpuLayers = null)
    {
        error = null;
        try
        {
            return RunNative(
                (cancel, progress) => Inference.ModelCache.AcquireAsync(path, header, loras, defaults, progress, cancel, repack, gpuLayers),
                OutputMessages.LoadingActivity(System.IO.Path.GetFileName(path)),
                (e, nativeErrors) => new NativeFailure(e is Inference.LoraLoadException lora
                    ? LoraErrors.LoadFailed(lora.AdapterPath, e, nativeErrors)
                    : ModelErrors.LoadFailed(path, e, nativeErrors)));
        }
        catch (NativeFailure failure)
        {
            error = failure.Record;
            return null;
        }
    }

    /// <summary>
    /// -GpuLayerCount when given, else $env:NORSK_GPU_LAYERS; null when neither says. A variable that is not a layer
    /// count ends the command before anything loads.
    /// </summary>
    private protected int? RequestedGpuLayers(int? parameter)
    {
        try
        {
            return Inference.GpuLayers.Requested(parameter, Environment.GetEnvironmentVariable(Inference.GpuLayers.Variable));
        }
        catch (Inference.GpuLayersVariableException e)
        {
            ThrowTerminatingError(GpuErrors.VariableInvalid(e));
            return null;
        }
    }

    /// <summary>Says where the model's layers run, once per command.</summary>
    private protected void WriteWhereLayersRun(Inference.CachedModel model) =>
        WriteVerbose(Inference.GpuLayers.Describe(Inference.GpuPlatform.Current, model.GpuLayers, Inference.KvCacheShape.From(model.Header).Layers));

    /// <summary>
    /// Allocates the model's default context and parks it idle, as a second phase of the loading progress, so the
    /// next call does not wait for its KV cache. Ctrl+C before it starts cancels; once llama.cpp allocates, it finishes.
    /// </summary>
    private protected void AllocateFirstContext(Inference.CachedModel model)
    {
        Inference.ContextShape shape = model.DefaultShape;
        int cells = Inference.ContextPool.CellsFor(shape, 0);
        string size = Store.ByteSize.Format(model.Contexts.KvBytes(shape, cells));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool created;
        try
        {
            created = RunNative(
                (cancel, _) =>
                {
                    cancel.ThrowIfCancellationRequested();
                    return Task.FromResult(model.Contexts.Prepare(model.Weights, model.Path, shape));
                },
                OutputMessages.LoadingActivity(System.IO.Path.GetFileName(model.Path)),
                (e, nativeErrors) => new NativeFailure(KvCacheErrors.AllocationFailed(model.Path, e, nativeErrors)),
                progressStatus: OutputMessages.AllocatingKvCache(size));
        }
        catch (NativeFailure failure)
        {
            WriteError(failure.Record);
            return;
        }

        string kvCache = shape.KvCache.ToString();
        double milliseconds = clock.Elapsed.TotalMilliseconds;
        bool whole = cells == shape.ContextSize;
        WriteVerbose((created, whole) switch
        {
            (true, true) => VerboseMessages.KvCacheAllocated(kvCache, cells, size, milliseconds),
            (true, false) => VerboseMessages.KvCacheAllocatedPart(kvCache, cells, shape.ContextSize, size, milliseconds),
            (false, true) => VerboseMessages.KvCacheAlreadyAllocated(kvCache, cells, size),
            (false, false) => VerboseMessages.KvCacheAlreadyAllocatedPart(kvCache, cells, shape.ContextSize, size),
        });
    }

    /// <summary>
    /// Tokenises on the pipeline thread: a long text goes in pieces, and Ctrl+C between them stops the command
    /// the way a stopped pipeline does, not as an error.
    /// </summary>
    private protected int[] Tokenize(LLama.Native.SafeLlamaModelHandle model, Prompting.RenderedPrompt prompt)
    {
        try
        {
            return Inference.PromptTokenizer.Tokenize(model, prompt, Cancellation);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private static void ReleaseWhenDone<T>(Task<T> task) =>
        task.ContinueWith(
            finished =>
            {
                if (finished.Status == TaskStatus.RanToCompletion && finished.Result is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            },
            TaskScheduler.Default);

    private sealed class LatestProgress : IProgress<float>
    {
        private float latest = -1;

        public void Report(float value) => Volatile.Write(ref latest, value);

        public float? Take()
        {
            float value = Interlocked.Exchange(ref latest, -1);
            return value < 0 ? null : value;
        }
    }
}
