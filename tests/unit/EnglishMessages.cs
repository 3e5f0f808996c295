using System.Globalization;
using System.Runtime.CompilerServices;

namespace NorwegianLlama.Tests;

/// <summary>
/// The tests read the module's English texts, whatever language the machine that runs them speaks: a Norwegian
/// developer's locale would otherwise turn every assertion on a message red. Tests of the Bokmål texts set the
/// culture they need themselves.
/// </summary>
internal static class EnglishMessages
{
#pragma warning disable CA2255 // A test assembly is the one place a module initializer should set process-wide defaults.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseInvariantCulture()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
    }
}
