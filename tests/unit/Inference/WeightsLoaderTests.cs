using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LLama;
using LLama.Common;
using LLama.Native;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using NorwegianLlama.Tests.Structured;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>
/// Loads through the real llama.cpp with either repack choice. A -NoRepack load of a memory-mapped test model ends in
/// milliseconds, too soon for Ctrl+C from a test to land inside it, so cancellation is requested here from within
/// llama.cpp's own progress callback, which is exactly where a Ctrl+C during the load is noticed.
/// </summary>
public sealed class WeightsLoaderTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public WeightsLoaderTests() => QuietNativeLog.Configure();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ALoadReportsProgressUpToOneAndGivesUsableWeights(bool repack)
    {
        string path = models.Write(new TestModelSpec { Layers = 3 }).Path;
        var progress = new RecordedProgress();

        using LLamaWeights weights = await WeightsLoader.LoadAsync(Parameters(path), repack, progress, CancellationToken.None);

        Assert.True(weights.ParameterCount > 0);
        Assert.Equal(1f, progress.Values[^1]);
        Assert.All(progress.Values, value => Assert.InRange(value, 0f, 1f));
        Assert.Equal(progress.Values.OrderBy(value => value), progress.Values);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancellingWhileLlamaCppLoadsAbortsTheNativeLoad(bool repack)
    {
        string path = models.Write(new TestModelSpec { Layers = 3 }).Path;
        using var stopping = new CancellationTokenSource();
        var progress = new RecordedProgress(onReport: _ => stopping.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => WeightsLoader.LoadAsync(Parameters(path), repack, progress, stopping.Token));

        // llama.cpp asked once, was told to stop, and never reached the end of the file.
        Assert.Single(progress.Values);
        Assert.True(progress.Values[0] < 1f);

        // Nothing of the aborted load stands in the way of the next one.
        using LLamaWeights again = await WeightsLoader.LoadAsync(Parameters(path), repack, null, CancellationToken.None);
        Assert.True(again.ParameterCount > 0);
    }

    [Fact]
    public async Task AnAlreadyCancelledLoadNeverStarts()
    {
        string path = models.Write(new TestModelSpec()).Path;
        var progress = new RecordedProgress();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => WeightsLoader.LoadAsync(Parameters(path), repack: false, progress, new CancellationToken(canceled: true)));

        Assert.Empty(progress.Values);
    }

    public void Dispose() => models.Dispose();

    private static ModelParams Parameters(string path) => new(path) { GpuLayerCount = 0, LoadMode = LLamaLoadMode.MemoryMap };

    /// <summary>Records on the reporting thread itself (Progress&lt;T&gt; would post to the thread pool, too late to stop anything).</summary>
    private sealed class RecordedProgress(Action<float>? onReport = null) : IProgress<float>
    {
        private readonly List<float> values = [];

        public IReadOnlyList<float> Values
        {
            get
            {
                lock (values)
                {
                    return values.ToList();
                }
            }
        }

        public void Report(float value)
        {
            lock (values)
            {
                values.Add(value);
            }

            onReport?.Invoke(value);
        }
    }
}
