using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>Tests that clear the process-wide model cache, or depend on what it holds, run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ModelCacheCollection
{
    public const string Name = "ModelCache";
}
