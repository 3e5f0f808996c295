#Requires -Version 7.6

<#
.SYNOPSIS
Builds, tests and packages NorwegianLlama.

.DESCRIPTION
Build stages the module into output/NorwegianLlama/<version>/; nothing is ever imported from src/.
Test builds, runs the xunit suites, then Pester in a fresh pwsh against the staged module, and ends with
one line 'N passed, N failed' summing every suite. Package writes a .nupkg of the staged module. Bench builds,
generates the benchmark models once (cached in output/bench/models), then measures the module against a plain
LLamaSharp loop (-Scale Stand-in, Real or All; -Size 7B or 13B for the real-shaped sparse model) and writes
output/bench/results.md and results.json, then the per-token overhead (token-overhead/token-overhead.json; see
docs/performance.md). Fuzz builds, runs
thousands of mutated models and hostile inputs through every cmdlet in child processes and a 1,000-call soak,
writes output/fuzz/results.json and soak.json and docs/reliability.md, and fails on any process death. Chat builds,
offers to install a model when there is none (the 7B first; Enter installs nothing) and opens Enter-NorskChat.

.EXAMPLE
dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Test

.EXAMPLE
dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Chat
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Clean', 'Package', 'Bench', 'Fuzz', 'Chat')]
    [string]$Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release',

    # Bench only: the 4-layer stand-in, the real-shaped (sparse) Llama-2 model of -Size, or both.
    [ValidateSet('All', 'Stand-in', 'Real')]
    [string]$Scale = 'All',

    [ValidateSet('7B', '13B')]
    [string]$Size = '13B'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$output = Join-Path $root 'output'
$manifestPath = Join-Path $root 'NorwegianLlama.psd1'
$version = (Import-PowerShellDataFile -Path $manifestPath).ModuleVersion
$stage = Join-Path $output "NorwegianLlama/$version"
$helpLanguages = @(
    @{ Culture = 'en-US'; AlsoFor = @() }
    @{ Culture = 'nb-NO'; AlsoFor = @('nn-NO', 'no') }
)
$testTools = Join-Path $output 'testtools'
$testResults = Join-Path $output 'TestResults'
$testDependencies = Join-Path $root 'tests/TestDependencies/TestDependencies.csproj'

function Invoke-Native {
    param([string]$What, [scriptblock]$Command)
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Clean {
    if (Test-Path $output) {
        Remove-Item -LiteralPath $output -Recurse -Force
    }
    Get-ChildItem -Path (Join-Path $root 'src'), (Join-Path $root 'tests') -Directory -Recurse -Include bin, obj |
        Remove-Item -Recurse -Force
}

function Invoke-Build {
    $publish = Join-Path $output 'publish'
    if (Test-Path $publish) { Remove-Item -LiteralPath $publish -Recurse -Force }
    if (Test-Path $stage) { Remove-Item -LiteralPath $stage -Recurse -Force }

    Invoke-Native 'Publishing the module' {
        dotnet publish (Join-Path $root 'src/NorwegianLlama/NorwegianLlama.csproj') -c $Configuration `
            -o $publish -p:Version=$version --nologo -v quiet
    }

    New-Item -ItemType Directory -Path $stage | Out-Null
    Copy-Item -LiteralPath $manifestPath, (Join-Path $root 'src/NorwegianLlama.psm1') -Destination $stage
    # The manifest's licence and release notes point at these, so they travel with the module and its .nupkg.
    Copy-Item -LiteralPath (Join-Path $root 'LICENSE'), (Join-Path $root 'CHANGELOG.md') -Destination $stage
    Copy-Item -LiteralPath (Join-Path $root 'Formats') -Destination $stage -Recurse
    Move-Item -LiteralPath $publish -Destination (Join-Path $stage 'bin')
    # Cmdlet help (MAML) and about topics, compiled from docs/<culture>; a malformed page fails the build.
    # PowerShell looks for help only along the UI culture's own parents (nn-NO → nn, no → no), never from one
    # Norwegian written standard to the other, so the Bokmål help is also staged for Nynorsk and plain "no" readers,
    # who read it far better than the English that PowerShell would fall back to.
    foreach ($language in $helpLanguages) {
        $helpFolder = Join-Path $stage $language.Culture
        & (Join-Path $root 'tools/Convert-MarkdownHelp.ps1') -Path (Join-Path $root "docs/$($language.Culture)") `
            -OutputPath $helpFolder | Out-Null
        foreach ($reader in $language.AlsoFor) {
            Copy-Item -LiteralPath $helpFolder -Destination (Join-Path $stage $reader) -Recurse
        }
    }
    Write-Host "Staged NorwegianLlama $version in $stage"
}

function Invoke-BuildTestTools {
    Invoke-Native 'Building the test model tools' {
        dotnet build (Join-Path $root 'tests/TestModels/NorwegianLlama.TestModels.csproj') -c $Configuration `
            -o $testTools --nologo -v quiet
    }
    Invoke-Native 'Building the fuzz case generator' {
        dotnet build (Join-Path $root 'tests/Fuzz/NorwegianLlama.Fuzz.csproj') -c $Configuration `
            -o $testTools --nologo -v quiet
    }
    # Pester and an old Microsoft.Extensions.Logging.Abstractions (for the isolation test) come from NuGet.
    Invoke-Native 'Restoring test dependencies' {
        dotnet restore $testDependencies --nologo -v quiet
    }
}

function Get-NuGetPackageFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = dotnet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Get-PesterVersion {
    # Read from the project that downloads Pester, so that changing its version there changes the one run here.
    [xml]$project = Get-Content -LiteralPath $testDependencies -Raw
    $pesterVersion = $project.SelectSingleNode('/Project/PropertyGroup/PesterVersion')
    if (-not $pesterVersion -or -not $pesterVersion.InnerText.Trim()) {
        throw "$testDependencies has no PesterVersion property."
    }
    $pesterVersion.InnerText.Trim()
}

function Get-JUnitCount {
    param([string]$Path)
    [xml]$xml = Get-Content -LiteralPath $Path -Raw
    $suites = @($xml.SelectNodes('//testsuite'))
    $total = ($suites | ForEach-Object { [int]$_.tests } | Measure-Object -Sum).Sum
    $failed = ($suites | ForEach-Object { [int]$_.failures + [int]$_.errors } | Measure-Object -Sum).Sum
    $skipped = ($suites | ForEach-Object { if ($_.HasAttribute('skipped')) { [int]$_.skipped } else { 0 } } | Measure-Object -Sum).Sum
    [pscustomobject]@{ Passed = $total - $failed - $skipped; Failed = $failed; Skipped = $skipped }
}

function Invoke-UnitTests {
    $results = [System.Collections.Generic.List[object]]::new()
    foreach ($project in Get-ChildItem -Path (Join-Path $root 'tests/unit') -Filter *.csproj -Recurse) {
        $junit = Join-Path $testResults "$($project.BaseName).junit.xml"
        dotnet test $project.FullName -c $Configuration --nologo `
            --logger "junit;LogFilePath=$junit" --logger 'console;verbosity=minimal' | Out-Host
        $exitCode = $LASTEXITCODE
        if (Test-Path -LiteralPath $junit) {
            $count = Get-JUnitCount -Path $junit
            if ($exitCode -ne 0 -and $count.Failed -eq 0) { $count.Failed = 1 }
        }
        else {
            # No result file means the suite did not run: count it as a failure, never as silence.
            $count = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
        }
        $results.Add($count)
    }
    $results
}

function Invoke-PesterTests {
    $pester = Join-Path (Get-NuGetPackageFolder) "pester/$(Get-PesterVersion)/tools/Pester.psd1"
    $junit = Join-Path $testResults 'Pester.junit.xml'
    $summary = Join-Path $testResults 'Pester.summary.json'
    Remove-Item -LiteralPath $summary -ErrorAction Ignore

    # A binary module cannot be unloaded, so Pester always gets a fresh pwsh and the staged build.
    $env:NORSK_TEST_MODULE = Join-Path $stage 'NorwegianLlama.psd1'
    $env:NORSK_TEST_TOOLS = Join-Path $testTools 'NorwegianLlama.TestModels.dll'
    $env:NORSK_TEST_PACKAGES = Get-NuGetPackageFolder
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/Invoke-PesterSuite.ps1') `
        -PesterPath $pester -TestPath (Join-Path $root 'tests') -JUnitPath $junit -SummaryPath $summary | Out-Host

    if (Test-Path -LiteralPath $summary) {
        Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
    }
    else {
        [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
}

function Invoke-StyleCheck {
    # The house rules are .editorconfig's; a file that breaks them fails the run like a failing test.
    dotnet format (Join-Path $root 'NorwegianLlama.slnx') --verify-no-changes --verbosity quiet | Out-Host
    $ok = $LASTEXITCODE -eq 0
    if (-not $ok) {
        Write-Host "Style check failed: run 'dotnet format NorwegianLlama.slnx' and commit the result."
    }
    [pscustomobject]@{ Passed = [int]$ok; Failed = [int](-not $ok); Skipped = 0 }
}

function Invoke-Test {
    # The suite reads the module's English texts, and the tests of the Bokmål ones choose their own locale; so a
    # developer's Norwegian locale must not reach the test processes. (.NET on Windows takes the UI language from
    # the user's settings instead, which no variable overrides.)
    if (-not $IsWindows) { $env:LC_ALL = 'C.UTF-8'; $env:LANG = 'C.UTF-8' }
    Invoke-Build
    Invoke-BuildTestTools
    New-Item -ItemType Directory -Path $testResults -Force | Out-Null

    $counts = @(Invoke-StyleCheck) + @(Invoke-UnitTests) + @(Invoke-PesterTests)
    $passed = ($counts | Measure-Object -Property Passed -Sum).Sum
    $failed = ($counts | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($counts | Measure-Object -Property Skipped -Sum).Sum
    # CI reads the last line, which must be exactly 'N passed, N failed'; skips are said just before it.
    if ($skipped) { Write-Host "$skipped skipped (each with its reason in the suite)" }
    Write-Host "$passed passed, $failed failed"
    exit ([int]($failed -gt 0 -or $passed -eq 0))
}

function Invoke-Package {
    Invoke-Build
    # One package for every platform; a plain build keeps only the host's natives, for speed.
    $platforms = & (Join-Path $root 'tools/Add-AllPlatformNatives.ps1') -Stage $stage -PackageFolder (Get-NuGetPackageFolder)
    Write-Host "Added llama.cpp for $($platforms -join ', ')"
    $packages = Join-Path $output 'packages'
    New-Item -ItemType Directory -Path $packages -Force | Out-Null
    Compress-PSResource -Path $stage -DestinationPath $packages
    Get-ChildItem -LiteralPath $packages -Filter "NorwegianLlama.$version.nupkg" |
        ForEach-Object { Write-Host "Packaged $($_.FullName)" }
}

function Invoke-Bench {
    Invoke-Build
    $bench = Join-Path $output 'bench'
    $benchTools = Join-Path $bench 'tools'
    Invoke-Native 'Building the test model writer' {
        dotnet build (Join-Path $root 'tests/TestModels/NorwegianLlama.TestModels.csproj') -c $Configuration `
            -o $benchTools --nologo -v quiet
    }
    Invoke-Native 'Building the plain LLamaSharp loop' {
        dotnet build (Join-Path $root 'tests/Bench/NorwegianLlama.Bench.csproj') -c $Configuration `
            -o $benchTools --nologo -v quiet
    }

    # Each in a fresh pwsh: the module cannot be unloaded, and the measuring process's peak memory must be its own.
    $arguments = @('-ModulePath', (Join-Path $stage 'NorwegianLlama.psd1'), '-ToolsPath', $benchTools, '-OutputPath', $bench,
        '-Scale', $Scale, '-Size', $Size)
    Invoke-Native 'Preparing the benchmark models' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Bench/New-BenchModels.ps1') @arguments | Out-Host
    }
    # CPU time per generated token on a tiny model with a 32,000-piece vocabulary, where llama.cpp's own work is small
    # enough that anything the module adds per token shows (its own process: it reads its CPU clock). First, so the
    # benchmark's table can carry its figure.
    $overhead = @('-ModulePath', (Join-Path $stage 'NorwegianLlama.psd1'), '-ToolsPath', $benchTools, '-OutputPath', $bench)
    Invoke-Native 'Measuring the per-token overhead' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Bench/Measure-TokenOverhead.ps1') @overhead | Out-Host
    }
    Invoke-Native 'Running the benchmark' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Bench/Invoke-Bench.ps1') @arguments | Out-Host
    }
}

function Invoke-Fuzz {
    Invoke-Build
    Invoke-BuildTestTools
    $fuzz = Join-Path $output 'fuzz'
    # Each in a fresh pwsh: the driver starts its own children, and the soak's memory must be its own.
    $arguments = @('-ModulePath', (Join-Path $stage 'NorwegianLlama.psd1'), '-ToolsPath', $testTools, '-OutputPath', $fuzz)
    Invoke-Native 'Fuzzing' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Fuzz/Invoke-Fuzz.ps1') @arguments | Out-Host
    }
    Invoke-Native 'Soaking' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Fuzz/Invoke-Soak.ps1') @arguments | Out-Null
    }
    $verdict = & (Join-Path $root 'tests/Fuzz/Write-ReliabilityReport.ps1') -FuzzPath $fuzz `
        -ReportPath (Join-Path $root 'docs/reliability.md')
    $verdict.Lines | Write-Host
    exit ([int](-not $verdict.Passed))
}

function Invoke-Chat {
    # The main job for a person: build, make sure a model is there (asking before a multi-GB download), chat.
    Invoke-Build
    Import-Module (Join-Path $stage 'NorwegianLlama.psd1')
    $haveModel = $env:NORSK_MODEL_PATH -or @(Get-NorskModelInfo -ListAvailable -ErrorAction SilentlyContinue).Count -gt 0
    if (-not $haveModel) {
        $model = & (Join-Path $root 'tools/Read-ModelDownloadChoice.ps1')
        if (-not $model) {
            Write-Host 'No model, no chat: install one later with Install-NorskModel (7b is 4.08 GB), or set $env:NORSK_MODEL_PATH.'
            return
        }
        Install-NorskModel -Name $model -ErrorAction Stop
    }
    Enter-NorskChat
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Clean' { Invoke-Clean }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
    'Fuzz' { Invoke-Fuzz }
    'Chat' { Invoke-Chat }
}
