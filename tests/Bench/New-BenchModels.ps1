#Requires -Version 7.6
<#
.SYNOPSIS
Generates the benchmark models once and caches them under <OutputPath>/models.

.DESCRIPTION
The bench model is written as F16 by our GGUF writer (streamed to disk, ≈ 2.2 GB), quantised to Q4_K_M with
LLamaSharp's quantizer, and the F16 file is deleted. models.json records the specs the files were made from;
the files are made again only when a spec changes or a file is missing. Runs in its own pwsh so the process
that measures never held the quantizer's memory.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ToolsPath,
    [Parameter(Mandatory)][string]$OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'common.ps1')

$paths = Get-BenchModelPath -OutputPath $OutputPath
$wanted = [ordered]@{
    Bench        = $BenchModelSpec
    Quantisation = $BenchModelQuantisation
    Small        = $SmallModelSpec
} | ConvertTo-Json -Depth 5

$cached = (Test-Path -LiteralPath $paths.Manifest) -and (Test-Path -LiteralPath $paths.Bench) -and (Test-Path -LiteralPath $paths.Small) -and
    ((Get-Content -LiteralPath $paths.Manifest -Raw | ConvertFrom-Json -AsHashtable).Specs | ConvertTo-Json -Depth 5) -eq $wanted
if ($cached) {
    Write-Host "Benchmark models are cached in $(Split-Path -Parent $paths.Bench)"
    return
}

$models = Split-Path -Parent $paths.Bench
if (Test-Path -LiteralPath $models) {
    Remove-Item -LiteralPath $models -Recurse -Force
}
New-Item -ItemType Directory -Path $models | Out-Null

Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.TestModels.dll')
Import-Module $ModulePath

$clock = [System.Diagnostics.Stopwatch]::StartNew()
$small = [NorwegianLlama.TestModels.TestModelWriter]::Write($paths.Small, [NorwegianLlama.TestModels.TestModelSpec]$SmallModelSpec)
Write-Host ('Wrote the small model ({0:N1} MB) in {1:N1} s' -f ($small.SizeBytes / 1MB), $clock.Elapsed.TotalSeconds)

# Loading the small model configures llama.cpp the module's way (its search path and log routing) before the
# quantizer makes the first native call.
Import-NorskModel -LiteralPath $paths.Small
Remove-NorskModel -All
$plain = Import-PlainLlama -AssemblyPath (Join-Path $ToolsPath 'NorwegianLlama.Bench.dll')

$f16 = [System.IO.Path]::ChangeExtension($paths.Bench, '.F16.gguf')
try {
    $clock.Restart()
    $written = [NorwegianLlama.TestModels.TestModelWriter]::Write($f16, [NorwegianLlama.TestModels.TestModelSpec]$BenchModelSpec)
    Write-Host ('Wrote the F16 bench model ({0:N2} GB, {1:N0} M parameters) in {2:N1} s' -f ($written.SizeBytes / 1GB), ($written.ParameterCount / 1e6), $clock.Elapsed.TotalSeconds)

    $clock.Restart()
    $partial = "$($paths.Bench).partial"
    $plain::Quantize($f16, $partial, $BenchModelQuantisation, [Environment]::ProcessorCount)
    Move-Item -LiteralPath $partial -Destination $paths.Bench -Force
    Write-Host ('Quantised it to {0} ({1:N2} GB) in {2:N1} s' -f $BenchModelQuantisation, ((Get-Item -LiteralPath $paths.Bench).Length / 1GB), $clock.Elapsed.TotalSeconds)
}
finally {
    Remove-Item -LiteralPath $f16, "$($paths.Bench).partial" -ErrorAction Ignore
}

[ordered]@{
    Specs   = $wanted | ConvertFrom-Json -AsHashtable
    Created = (Get-Date).ToString('o')
    Files   = [ordered]@{
        Bench = [ordered]@{ Path = $paths.Bench; Bytes = (Get-Item -LiteralPath $paths.Bench).Length; F16Bytes = $written.SizeBytes; Parameters = $written.ParameterCount }
        Small = [ordered]@{ Path = $paths.Small; Bytes = $small.SizeBytes; Parameters = $small.ParameterCount }
    }
} | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $paths.Manifest -Encoding utf8
