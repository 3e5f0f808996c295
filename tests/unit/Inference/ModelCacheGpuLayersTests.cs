using System.Threading.Tasks;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>The GPU layers a call asks for, as the model cache keys them on the machine the tests run on.</summary>
[Collection(ModelCacheCollection.Name)]
public sealed class ModelCacheGpuLayersTests : ModelCacheTest
{
    [Fact]
    public async Task CountsThatOffloadTheSameLayersShareTheLoadedWeights()
    {
        string path = Models.Write(new TestModelSpec()).Path;
        GgufFile header = GgufReader.Read(path);
        int expected = GpuLayers.Offloaded(99, GpuPlatform.Current, KvCacheShape.From(header).Layers);

        using ModelLease first = await ModelCache.AcquireAsync(path, header, LoraSet.None, null, null, default, gpuLayers: 99);
        Assert.True(first.LoadedNow);
        Assert.Equal(expected, first.Model.GpuLayers);

        // Without a GPU backend every count offloads nothing, so any other count is served by the same weights.
        int other = GpuPlatform.Current.Backend is null ? 0 : expected;
        using ModelLease second = await ModelCache.AcquireAsync(path, header, LoraSet.None, null, null, default, gpuLayers: other);
        Assert.False(second.LoadedNow);
        Assert.Null(second.ReplacedWeights);
        Assert.Same(first.Model, second.Model);

        using ModelLease asLoaded = await ModelCache.AcquireAsync(path, header, LoraSet.None, null, null, default);
        Assert.Same(first.Model, asLoaded.Model);
    }
}
