#Requires -Version 7.6
<#
.SYNOPSIS
Generates the benchmark models once and caches them under <OutputPath>/models and <OutputPath>/real.

.DESCRIPTION
Stand-in scale: the bench model is written as F16 by our GGUF writer (streamed to disk, ≈ 2.2 GB), quantised to
Q4_K_M with LLamaSharp's quantizer, and the F16 file is deleted. models.json records the specs the files were
made from; the files are made again only when a spec changes or a file is missing. Runs in its own pwsh so the
process that measures never held the quantizer's memory.

Real scale: a sparse file with the exact layout of llama.cpp's Q4_K_M conversion of Llama-2 -Size (7B or 13B),
all-zero weights stored as holes, so it is written in about a second and takes a few MB of disk. Its vocabulary is
the real Llama-2 one, exported from the npm package llama-tokenizer-js, which this script installs into
<OutputPath>/npm (never globally); without npm or node it falls back to a synthetic 32,000-piece vocabulary and
says so (real.json records which).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ToolsPath,
    [Parameter(Mandatory)][string]$OutputPath,
    [ValidateSet('All', 'Stand-in', 'Real')][string]$Scale = 'All',
    [ValidateSet('7B', '13B')][string]$Size = '13B'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'common.ps1')

function New-StandInModel {
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
        Write-Host ('Wrote the F16 bench model ({0:N2} GB, {1:N0} M parameters) in {2:N1} s' -f ($written.SizeBytes / 1e9), ($written.ParameterCount / 1e6), $clock.Elapsed.TotalSeconds)

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
}

function Get-RealVocabulary {
    <# Installs llama-tokenizer-js into <OutputPath>/npm if needed and exports its vocabulary; null when it cannot. #>
    param([string]$VocabularyPath)
    $prefix = Join-Path $OutputPath 'npm'
    $package = Join-Path $prefix 'node_modules/llama-tokenizer-js'
    if (-not (Get-Command npm -ErrorAction Ignore) -or -not (Get-Command node -ErrorAction Ignore)) {
        Write-Warning 'npm or node is missing: the real-scale model gets a SYNTHETIC 32,000-piece vocabulary, so prompts have other token counts than with Llama-2''s own.'
        return $null
    }

    $installed = Join-Path $package 'package.json'
    if (-not (Test-Path -LiteralPath $installed) -or (Get-Content -LiteralPath $installed -Raw | ConvertFrom-Json).version -ne $RealVocabularyPackageVersion) {
        Write-Host "npm install --prefix $prefix $RealVocabularyPackage@$RealVocabularyPackageVersion"
        npm install --prefix $prefix --no-audit --no-fund --no-save "$RealVocabularyPackage@$RealVocabularyPackageVersion" | Out-Host
        if ($LASTEXITCODE -ne 0) {
            Write-Warning "npm install failed (exit code $LASTEXITCODE): the real-scale model gets a SYNTHETIC 32,000-piece vocabulary."
            return $null
        }
    }

    node (Join-Path $PSScriptRoot 'Export-LlamaVocabulary.mjs') $package $VocabularyPath | Out-Host
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "Exporting the vocabulary failed (exit code $LASTEXITCODE): the real-scale model gets a SYNTHETIC 32,000-piece vocabulary."
        return $null
    }

    [NorwegianLlama.TestModels.LlamaVocabularyFile]::Read($VocabularyPath)
}

function New-RealScaleModel {
    $real = Get-RealScaleModelPath -OutputPath $OutputPath -Size $Size
    New-Item -ItemType Directory -Path (Split-Path -Parent $real.Model) -Force | Out-Null
    Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.TestModels.dll')
    $vocabulary = Get-RealVocabulary -VocabularyPath $real.Vocabulary

    # Rewritten every time: it takes about a second, and a hole-filled file costs no page cache to rebuild.
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $shape = [NorwegianLlama.TestModels.Llama2Shape]::FromName($Size)
    $written = [NorwegianLlama.TestModels.SparseModelWriter]::Write($real.Model, $shape, $vocabulary)
    $diskBytes = if (Get-Command du -ErrorAction Ignore) { 1KB * [long]((du -k -- $real.Model) -split '\s+')[0] } else { $null }
    $source = if ($vocabulary) { $vocabulary.Source } else { 'synthetic (npm unavailable)' }
    Write-Host ('Wrote the sparse {0}-shaped Q4_K_M model ({1:N2} GB apparent, {2} on disk, {3} tensors, {4:N2} B parameters, vocabulary: {5}) in {6:N1} s' -f
        $Size, ($written.SizeBytes / 1e9), $(if ($null -ne $diskBytes) { '{0:N1} MB' -f ($diskBytes / 1MB) } else { 'unknown' }),
        $written.TensorCount, ($written.ParameterCount / 1e9), $source, $clock.Elapsed.TotalSeconds)

    [ordered]@{
        Size = $Size; Path = $real.Model; Bytes = $written.SizeBytes; DiskBytes = $diskBytes
        Tensors = $written.TensorCount; Parameters = $written.ParameterCount; Vocabulary = $source; RealVocabulary = [bool]$vocabulary
        Created = (Get-Date).ToString('o')
    } | ConvertTo-Json | Set-Content -LiteralPath $real.Manifest -Encoding utf8
}

if ($Scale -ne 'Real') { New-StandInModel }
if ($Scale -ne 'Stand-in') { New-RealScaleModel }
