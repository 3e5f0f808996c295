using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests;

public sealed class TokenPrefixTests
{
    [Fact]
    public void FindsTheCommonStart()
    {
        Assert.Equal(3, TokenPrefix.SharedLength([[1, 5, 6, 7, 9], [1, 5, 6, 8], [1, 5, 6, 7, 7, 7]]));
    }

    [Fact]
    public void LeavesEveryPromptAToken()
    {
        Assert.Equal(2, TokenPrefix.SharedLength([[1, 5, 6], [1, 5, 6, 7]]));
        Assert.Equal(3, TokenPrefix.SharedLength([[1, 5, 6, 7]]));
    }

    [Fact]
    public void NothingSharedIsZero()
    {
        Assert.Equal(0, TokenPrefix.SharedLength([[1, 2], [3, 4]]));
        Assert.Equal(0, TokenPrefix.SharedLength([]));
    }
}
