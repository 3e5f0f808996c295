using System.IO;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference.PromptCache;
using NorwegianLlama.Store;
using Xunit;

namespace NorwegianLlama.Tests.Store;

public sealed class DataFolderTests
{
    private const string WindowsHome = @"C:\Users\kari";
    private const string WindowsLocal = @"C:\Users\kari\AppData\Local";
    private const string UnixHome = "/home/kari";

    [Fact]
    public void WindowsUsesLocalAppData()
    {
        Assert.Equal(WindowsLocal, DataFolder.For(HostOperatingSystem.Windows, WindowsHome, WindowsLocal, "/ignored"));
    }

    [Fact]
    public void WindowsWithoutLocalAppDataUsesItsUsualPlaceInTheProfile()
    {
        Assert.Equal(Path.Combine(WindowsHome, "AppData", "Local"), DataFolder.For(HostOperatingSystem.Windows, WindowsHome, null, null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/Users/kari/xdg")]
    public void MacOSUsesApplicationSupportWhateverXdgSays(string? xdg)
    {
        Assert.Equal(
            Path.Combine("/Users/kari", "Library", "Application Support"),
            DataFolder.For(HostOperatingSystem.MacOS, "/Users/kari", null, xdg));
    }

    [Fact]
    public void LinuxUsesAnAbsoluteXdgDataHome()
    {
        Assert.Equal("/data/kari", DataFolder.For(HostOperatingSystem.Linux, UnixHome, null, "/data/kari"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/share")]
    public void LinuxFallsBackToLocalShareWhenXdgDataHomeIsUnsetOrRelative(string? xdg)
    {
        Assert.Equal(Path.Combine(UnixHome, ".local", "share"), DataFolder.For(HostOperatingSystem.Linux, UnixHome, null, xdg));
    }

    [Fact]
    public void TheModelsFolderAndThePromptCacheLiveInThisProcesssDataFolderUnlessOverridden()
    {
        string data = DataFolder.Current();
        Assert.Equal(Path.Combine(data, "NorwegianLlama", "cache"), PromptCacheSettings.ResolveFolder(null));
        Assert.Equal(Path.GetFullPath("/tmp/norsk-cache"), PromptCacheSettings.ResolveFolder("/tmp/norsk-cache"));
        Assert.Equal(data, ModelStore.DataHome());
    }
}
