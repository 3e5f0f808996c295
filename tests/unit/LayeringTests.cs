using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Gguf;
using Xunit;

namespace NorwegianLlama.Tests;

/// <summary>
/// The core folders are meant to be usable and testable without PowerShell. A reference slips in easily (an
/// ErrorRecord here, a ProgressRecord there), so every type's signatures, attributes, locals and every token
/// its IL names are checked against the assemblies each layer must not touch.
/// </summary>
public sealed class LayeringTests
{
    private const string PowerShell = "System.Management.Automation";
    private const string LLamaSharp = "LLamaSharp";

    private static readonly AssemblyReferences Module = new(typeof(GgufReader).Assembly.Location);

    [Theory]
    [InlineData("NorwegianLlama.Prompting")]
    [InlineData("NorwegianLlama.Gguf")]
    [InlineData("NorwegianLlama.Structured")]
    [InlineData("NorwegianLlama.Inference")]
    [InlineData("NorwegianLlama.Inference.PromptCache")]
    [InlineData("NorwegianLlama.Store")]
    [InlineData("NorwegianLlama.Chat")]
    [InlineData("NorwegianLlama.Resources")]
    public void CoreLayersDoNotReferencePowerShell(string layer)
    {
        Assert.NotEmpty(Module.TypesIn(layer));
        Assert.Empty(Offenders(layer, PowerShell));
    }

    [Theory]
    [InlineData("NorwegianLlama.Prompting")]
    [InlineData("NorwegianLlama.Gguf")]
    [InlineData("NorwegianLlama.Structured")]
    [InlineData("NorwegianLlama.Store")]
    [InlineData("NorwegianLlama.Chat")]
    [InlineData("NorwegianLlama.Resources")]
    public void PureLayersDoNotReferenceLLamaSharp(string layer)
    {
        Assert.Empty(Offenders(layer, LLamaSharp));
    }

    /// <summary>The check must be able to fail: these layers are made of the very references it looks for.</summary>
    [Theory]
    [InlineData("NorwegianLlama.Commands.Base", PowerShell)]
    [InlineData("NorwegianLlama.Errors", PowerShell)]
    [InlineData("NorwegianLlama.Inference", LLamaSharp)]
    public void TheCheckFindsReferencesWhereTheyAre(string layer, string assembly)
    {
        Assert.NotEmpty(Offenders(layer, assembly));
    }

    private static List<string> Offenders(string layer, string assembly) =>
        Module.TypesIn(layer)
            .Where(type => Module.AssembliesUsedBy(type).Contains(assembly))
            .Select(type => Module.NameOf(type))
            .ToList();
}
