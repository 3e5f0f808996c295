# Dot-sourced by every *.Tests.ps1: imports the staged module (never src/) and the test model writer.

$ErrorActionPreference = 'Stop'

$script:ModuleManifest = if ($env:NORSK_TEST_MODULE) {
    $env:NORSK_TEST_MODULE
}
else {
    (Resolve-Path -Path (Join-Path $PSScriptRoot '../output/NorwegianLlama/*/NorwegianLlama.psd1')).Path
}
$script:TestToolsAssembly = if ($env:NORSK_TEST_TOOLS) {
    $env:NORSK_TEST_TOOLS
}
else {
    Join-Path $PSScriptRoot '../output/testtools/NorwegianLlama.TestModels.dll'
}

# Models a developer installed must never leak into the tests' model resolution.
if (-not $env:NORSK_MODEL_DIR) {
    $env:NORSK_MODEL_DIR = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-test-models-$PID"
}
# Nor may any test write the prompt cache in the user's data folder.
if (-not $env:NORSK_CACHE_DIR) {
    $env:NORSK_CACHE_DIR = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-test-cache-$PID"
}

if (-not (Get-Module -Name NorwegianLlama)) {
    Import-Module -Name $ModuleManifest
}
if (-not ('NorwegianLlama.TestModels.TestModelWriter' -as [type])) {
    Add-Type -Path $TestToolsAssembly
}

function New-TestModel {
    <# Writes a generated llama model and returns the writer's summary (what the file was made with). #>
    param(
        [Parameter(Mandatory)][string]$Path,
        [hashtable]$Spec = @{}
    )
    [NorwegianLlama.TestModels.TestModelWriter]::Write($Path, [NorwegianLlama.TestModels.TestModelSpec]$Spec)
}

function New-TestModelBuilder {
    param([hashtable]$Spec = @{})
    [NorwegianLlama.TestModels.TestModelWriter]::CreateBuilder([NorwegianLlama.TestModels.TestModelSpec]$Spec)
}

function New-TestAdapter {
    <#
    Writes a generated LoRA adapter (llama.cpp's GGUF adapter format) for the model -ModelSpec describes and
    returns the writer's summary. -Spec sets rank, alpha, targets, seed and strength (TestAdapterSpec).
    #>
    param(
        [Parameter(Mandatory)][string]$Path,
        [hashtable]$ModelSpec = @{},
        [hashtable]$Spec = @{}
    )
    [NorwegianLlama.TestModels.TestAdapterWriter]::Write($Path, [NorwegianLlama.TestModels.TestModelSpec]$ModelSpec, [NorwegianLlama.TestModels.TestAdapterSpec]$Spec)
}

function New-TestAdapterBuilder {
    <# A populated adapter builder, to break before writing (GgufBuilder: Set, Remove, AddTensor, RemoveTensor, WriteFile). #>
    param([hashtable]$ModelSpec = @{}, [hashtable]$Spec = @{})
    [NorwegianLlama.TestModels.TestAdapterWriter]::CreateBuilder([NorwegianLlama.TestModels.TestModelSpec]$ModelSpec, [NorwegianLlama.TestModels.TestAdapterSpec]$Spec)
}

function New-LoopbackServer {
    <#
    The download tests' HTTP/1.1 server (tests/LoopbackServer.cs): 127.0.0.1 only, a free port, routes with
    cuts, stalls, failures and headers, and it stops by itself after -Lifetime.
    #>
    param([timespan]$Lifetime = [timespan]::FromMinutes(15))
    if (-not ('NorskTest.LoopbackServer' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'LoopbackServer.cs')
    }
    [NorskTest.LoopbackServer]::new($Lifetime)
}

function Invoke-ChildPwsh {
    <#
    Runs a script in a fresh pwsh (the module's process-wide state cannot be reset in this one) and returns
    its exit code, stdout and stderr separately.
    #>
    param(
        [Parameter(Mandatory)][string]$Script,
        [string]$WorkingDirectory = (Get-Location).Path
    )
    $file = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-child-$([guid]::NewGuid().ToString('N')).ps1"
    $prelude = @"
`$ErrorActionPreference = 'Stop'
`$ModuleManifest = '$($ModuleManifest -replace "'", "''")'
`$TestToolsAssembly = '$($TestToolsAssembly -replace "'", "''")'

"@
    Set-Content -LiteralPath $file -Value ($prelude + $Script) -Encoding utf8
    try {
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
            $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $file) {
            $start.ArgumentList.Add($argument)
        }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.WorkingDirectory = $WorkingDirectory
        $process = [System.Diagnostics.Process]::Start($start)
        $stderrTask = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            StdOut   = $stdout
            StdErr   = $stderrTask.GetAwaiter().GetResult()
        }
    }
    finally {
        Remove-Item -LiteralPath $file -ErrorAction Ignore
    }
}
