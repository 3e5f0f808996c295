using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace NorwegianLlama.Shared;

/// <summary>
/// The module's own AssemblyLoadContext. LLamaSharp brings Microsoft.Extensions.* 10.x, which would clash
/// with older copies other modules load into the Default context; here they live side by side.
/// </summary>
public sealed class LoadContext : AssemblyLoadContext
{
    private static readonly object InitializeLock = new();
    private static LoadContext? instance;

    private readonly string assemblyDirectory;
    private readonly Assembly sharedAssembly = typeof(LoadContext).Assembly;
    private readonly Assembly moduleAssembly;

    private LoadContext(string moduleAssemblyPath)
        : base(name: "NorwegianLlama", isCollectible: false)
    {
        assemblyDirectory = Path.GetDirectoryName(moduleAssemblyPath)!;
        moduleAssembly = LoadFromAssemblyPath(moduleAssemblyPath);
    }

    /// <summary>
    /// Loads the cmdlet assembly once per process; every runspace that imports the module gets the same one,
    /// because LLamaSharp's native state and the model cache are process-wide.
    /// </summary>
    public static Assembly Initialize()
    {
        lock (InitializeLock)
        {
            if (instance is null)
            {
                string directory = Path.GetDirectoryName(typeof(LoadContext).Assembly.Location)!;
                instance = new LoadContext(Path.Combine(directory, "NorwegianLlama.dll"));
            }

            return instance.moduleAssembly;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The public output types must be the very types script sees, so they come from the Default context.
        if (string.Equals(assemblyName.Name, sharedAssembly.GetName().Name, StringComparison.Ordinal))
        {
            return sharedAssembly;
        }

        // PowerShell itself is always the host's copy.
        if (string.Equals(assemblyName.Name, "System.Management.Automation", StringComparison.Ordinal))
        {
            return null;
        }

        string candidate = Path.Combine(assemblyDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
