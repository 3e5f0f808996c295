using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Extensions;
using LLama.Native;
using NorwegianLlama.Inference.HugePages;

namespace NorwegianLlama.Inference;

/// <summary>
/// Loads model weights the way LLamaWeights.LoadFromFileAsync does (progress, cancellation between tensors),
/// and also chooses whether llama.cpp repacks them for the CPU, which LLamaSharp 0.30.0's ModelParams cannot say.
/// </summary>
internal static class WeightsLoader
{
    /// <param name="repack">
    /// llama.cpp's use_extra_bufts: copy the weights it can speed up into CPU_REPACK buffers (faster, but private
    /// memory), or leave them where they are (with memory mapping, file-backed pages the OS can reclaim).
    /// </param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> stopped the load.</exception>
    /// <exception cref="LoadWeightsFailedException">llama.cpp refused the file; its reason is in the native log.</exception>
    public static Task<LLamaWeights> LoadAsync(ModelParams parameters, bool repack, IProgress<float>? progress, CancellationToken cancellation) =>
        Task.Run(() => Load(parameters, repack, progress, cancellation), cancellation);

    private static LLamaWeights Load(ModelParams parameters, bool repack, IProgress<float>? progress, CancellationToken cancellation)
    {
        // llama.cpp allocates every weight buffer before it reads the first tensor, and asks before every tensor
        // whether to go on (false aborts the load and frees what it made): the first question is the moment to
        // advise the buffers it is about to fill.
        using HugePageAdvisor hugePages = HugePageAdvisor.Begin();
        bool advised = false;
        LlamaProgressCallback onProgress = (fraction, _) =>
        {
            if (!advised)
            {
                advised = true;
                hugePages.AdviseNewMappings();
            }

            progress?.Report(Math.Clamp(fraction, 0, 1));
            return !cancellation.IsCancellationRequested;
        };

        SafeLlamaModelHandle handle;
        // The disposable pins what the native struct points into (tensor split, metadata overrides) until the load returns.
        using (parameters.ToLlamaModelParams(out LLamaModelParams native))
        {
            native.use_extra_bufts = repack;
            native.progress_callback = onProgress;
            try
            {
                handle = SafeLlamaModelHandle.LoadFromFile(parameters.ModelPath, native);
            }
            catch (LoadWeightsFailedException)
            {
                // A load the callback aborted fails like any other; the token tells which it was.
                cancellation.ThrowIfCancellationRequested();
                throw;
            }
            finally
            {
                // The struct passed by value is all that refers to the delegate during the native call: without this the
                // GC could collect it while llama.cpp still calls it.
                GC.KeepAlive(onProgress);
            }
        }

        try
        {
            LLamaWeights weights = Wrap(handle);
            progress?.Report(1);
            return weights;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// LLamaWeights has only a private constructor from a handle in LLamaSharp 0.30.0 (its public loaders build the
    /// native parameters themselves). A LLamaSharp without it fails loudly here.
    /// </summary>
    private static LLamaWeights Wrap(SafeLlamaModelHandle handle)
    {
        ConstructorInfo constructor = typeof(LLamaWeights).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic, [typeof(SafeLlamaModelHandle)])
            ?? throw new InvalidOperationException(
                "This LLamaSharp's LLamaWeights has no constructor taking a SafeLlamaModelHandle; the module needs LLamaSharp 0.30.0.");
        try
        {
            return (LLamaWeights)constructor.Invoke([handle]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
