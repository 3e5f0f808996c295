using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Prompting;

public sealed class ChatRoleParserTests
{
    [Theory]
    [InlineData("system", nameof(ChatRole.System))]
    [InlineData("User", nameof(ChatRole.User))]
    [InlineData("ASSISTANT", nameof(ChatRole.Assistant))]
    [InlineData("  user\t\n", nameof(ChatRole.User))]
    public void ParsesRoleNamesCaseInsensitively(string name, string expected)
    {
        Assert.True(ChatRoleParser.TryParse(name, out ChatRole role));
        // ChatRole is internal, so the expected value travels as its name.
        Assert.Equal(expected, role.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bot")]
    [InlineData("users")]
    [InlineData("1")]
    [InlineData("user,system")]
    public void RejectsAnythingElse(string? name)
    {
        Assert.False(ChatRoleParser.TryParse(name, out _));
    }
}
