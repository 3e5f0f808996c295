# The loader: the small Shared assembly goes into the Default load context (its types are what script
# sees), and it loads the cmdlets with LLamaSharp and its dependencies into the module's own context.

$importModule = Get-Command -Name Import-Module -Module Microsoft.PowerShell.Core
$binFolder = [System.IO.Path]::Combine($PSScriptRoot, 'bin')

# The load context outlives any one import (it is per process), so a re-import or another runspace
# finds it already there.
$isReload = $true
if (-not ('NorwegianLlama.Shared.LoadContext' -as [type])) {
    $isReload = $false
    Add-Type -Path ([System.IO.Path]::Combine($binFolder, 'NorwegianLlama.Shared.dll'))
}

$moduleAssembly = [NorwegianLlama.Shared.LoadContext]::Initialize()
$innerModule = & $importModule -Assembly $moduleAssembly -PassThru:$isReload

if ($innerModule) {
    # PowerShell/PowerShell#20710: importing an already-loaded assembly again hands back a cached module
    # without exporting its cmdlets into this one; add them back explicitly.
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet',
        [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
        $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
    }
}

$lifetime = $moduleAssembly.GetType('NorwegianLlama.Hosting.ModuleLifetime', $true)
$runspace = [runspace]::DefaultRunspace
$lifetime::Imported($runspace)

# IModuleAssemblyCleanup never fires for an assembly imported this way; the script module's hook does.
$ExecutionContext.SessionState.Module.OnRemove = {
    $lifetime::Removed($runspace)
}.GetNewClosure()
