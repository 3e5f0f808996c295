using System;
using System.Globalization;
using System.IO;
using NorwegianLlama.Inspection;
using Xunit;

namespace NorwegianLlama.Tests.Inspection;

public sealed class FileVerdictsTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"norsk-verdicts-{Guid.NewGuid():N}.gguf");
    private readonly CultureInfo before = CultureInfo.CurrentUICulture;

    public FileVerdictsTests() => File.WriteAllText(path, "GGUF");

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = before;
        File.Delete(path);
    }

    [Fact]
    public void RemembersAVerdictForTheSameFileVersion()
    {
        var verdicts = new FileVerdicts<string>();
        verdicts.Remember(new FileInfo(path), "checked");
        Assert.Equal("checked", verdicts.Find(new FileInfo(path)));
    }

    [Fact]
    public void ForgetsItWhenTheFileChanges()
    {
        var verdicts = new FileVerdicts<string>();
        verdicts.Remember(new FileInfo(path), "checked");
        File.AppendAllText(path, "more");
        Assert.Null(verdicts.Find(new FileInfo(path)));
    }

    [Theory]
    [InlineData("nb-NO", "nn-NO", true)]
    [InlineData("nb-NO", "no", true)]
    [InlineData("en-US", "en-US", true)]
    [InlineData("nb-NO", "en-US", false)]
    [InlineData("en-US", "nb-NO", false)]
    public void KeepsAVerdictOnlyForReadersOfItsLanguage(string checkedIn, string readIn, bool found)
    {
        var verdicts = new FileVerdicts<string>();
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(checkedIn);
        verdicts.Remember(new FileInfo(path), "problem worded in " + checkedIn);

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(readIn);
        Assert.Equal(found, verdicts.Find(new FileInfo(path)) is not null);
    }
}
