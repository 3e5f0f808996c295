using System;
using System.Collections.Generic;
using System.IO;
using NorwegianLlama.Gguf;
using NorwegianLlama.Store;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Store;

/// <summary>The file steps around a download, on files in a temporary folder (the download itself is the loopback server's, in Pester).</summary>
public sealed class ModelInstallerTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly GeneratedModels models = new();
    private readonly List<string> notes = [];

    public void Dispose() => models.Dispose();

    private ModelInstaller InstallerFor(string fileName) => new(models.PathFor(Path.Combine("models", fileName)), notes.Add);

    /// <summary>A finished download of <paramref name="bytes"/> under the installer's partial name.</summary>
    private DownloadResult Downloaded(ModelInstaller installer, byte[] bytes, string? actual = Sha, string? expected = Sha)
    {
        installer.Prepare(discardPartial: false);
        File.WriteAllBytes(installer.Partial, bytes);
        return new DownloadResult(installer.Partial, bytes.Length, actual, expected, expected is null ? null : "-Sha256", 0);
    }

    private byte[] ModelBytes() => File.ReadAllBytes(models.Write(new TestModelSpec(), "source.gguf").Path);

    [Fact]
    public void PrepareCreatesTheFolderAndKeepsAPartialDownloadToResume()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        installer.Prepare(discardPartial: false);
        File.WriteAllText(installer.Partial, "half");

        installer.Prepare(discardPartial: false);

        Assert.Equal("half", File.ReadAllText(installer.Partial));
        Assert.Equal(installer.Target + ".partial", installer.Partial);
    }

    [Fact]
    public void PrepareWithDiscardDeletesThePartialDownloadAndSaysSo()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        installer.Prepare(discardPartial: false);
        File.WriteAllText(installer.Partial, "half");

        installer.Prepare(discardPartial: true);

        Assert.False(File.Exists(installer.Partial));
        Assert.Contains(notes, n => n.Contains("discarding the partial download", StringComparison.Ordinal));
    }

    [Fact]
    public void PrepareThrowsWhenTheFolderIsAFile()
    {
        File.WriteAllText(models.PathFor("models"), "a file where the folder should be");
        Assert.ThrowsAny<IOException>(() => InstallerFor("m.gguf").Prepare(discardPartial: false));
    }

    [Fact]
    public void VerifyReadsAModelWhoseHashMatches()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        Verification verified = installer.Verify(Downloaded(installer, ModelBytes()));

        Assert.NotNull(verified.Header);
        Assert.Null(verified.Failure);
        Assert.True(File.Exists(installer.Partial));
        Assert.Contains($"SHA-256 {Sha} matches -Sha256.", notes);
    }

    [Fact]
    public void VerifySaysWhenThereIsNoHashToCheck()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        Verification verified = installer.Verify(Downloaded(installer, ModelBytes(), actual: null, expected: null));

        Assert.NotNull(verified.Header);
        Assert.Contains(notes, n => n.StartsWith("No SHA-256 to check", StringComparison.Ordinal));
    }

    [Fact]
    public void VerifyDeletesADownloadWithTheWrongHash()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        Verification verified = installer.Verify(Downloaded(installer, ModelBytes(), actual: new string('f', 64)));

        Assert.True(verified.HashMismatch);
        Assert.Null(verified.Header);
        Assert.Null(verified.DiscardProblem);
        Assert.False(File.Exists(installer.Partial));
    }

    [Fact]
    public void VerifyDeletesADownloadThatIsNotGguf()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        Verification verified = installer.Verify(Downloaded(installer, "<html>Not found</html>"u8.ToArray()));

        Assert.IsType<GgufFormatException>(verified.Failure);
        Assert.Null(verified.Foreign);
        Assert.False(verified.HashMismatch);
        Assert.False(File.Exists(installer.Partial));
    }

    [Fact]
    public void VerifyNamesTheFormatOfASafetensorsDownloadBeforeDeletingIt()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        Verification verified = installer.Verify(Downloaded(installer, ForeignFiles.Safetensors(ForeignFiles.LlamaTensors)));

        Assert.Equal(ForeignFormat.Safetensors, verified.Foreign?.Format);
        Assert.False(File.Exists(installer.Partial));
    }

    [Fact]
    public void InstallMovesTheDownloadOverTheTargetAfterReleasingIt()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        Downloaded(installer, ModelBytes());
        File.WriteAllText(installer.Target, "the old model");
        var released = new List<string>();

        installer.Install(path =>
        {
            released.Add(path);
            return true;
        });

        Assert.Equal([Path.GetFullPath(installer.Target)], released);
        Assert.Equal(ModelBytes(), File.ReadAllBytes(installer.Target));
        Assert.False(File.Exists(installer.Partial));
        Assert.Contains($"Unloading '{Path.GetFullPath(installer.Target)}' before replacing it.", notes);
        Assert.Contains(notes, n => n.StartsWith($"Installed '{installer.Target}'", StringComparison.Ordinal));
    }

    [Fact]
    public void InstallThrowsAndKeepsThePartialFileWhenTheTargetCannotBeReplaced()
    {
        ModelInstaller installer = InstallerFor("m.gguf");
        Downloaded(installer, ModelBytes());
        Directory.CreateDirectory(installer.Target);

        Assert.ThrowsAny<IOException>(() => installer.Install(_ => false));
        Assert.True(File.Exists(installer.Partial));
        Assert.DoesNotContain(notes, n => n.StartsWith("Unloading", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://example.org/repo/resolve/main/model.Q4_K_M.gguf?download=true", "model.Q4_K_M.gguf")]
    [InlineData("http://127.0.0.1:8080/my%20model", "my model.gguf")]
    public void NamesAUriDownloadAfterItsLastSegment(string uri, string fileName)
    {
        Assert.Equal(fileName, ModelInstaller.FileNameOf(new Uri(uri), notes.Add, out _));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/model.gguf", "-Uri 'ftp://127.0.0.1/model.gguf' is not an absolute http or https URL.")]
    [InlineData("http://127.0.0.1:9/", "-Uri 'http://127.0.0.1:9/' does not end in a file name to install the model as.")]
    [InlineData("http://127.0.0.1:9/a/..", "-Uri 'http://127.0.0.1:9/a/..' does not end in a file name to install the model as.")]
    [InlineData("http://127.0.0.1:9/a%2Fb", "-Uri 'http://127.0.0.1:9/a%2Fb' does not end in a file name to install the model as.")]
    public void RefusesAUriThatGivesNoFileName(string uri, string problem)
    {
        Assert.Null(ModelInstaller.FileNameOf(new Uri(uri), notes.Add, out string why));
        Assert.Equal(problem, why);
    }
}
