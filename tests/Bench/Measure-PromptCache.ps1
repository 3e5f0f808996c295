#Requires -Version 7.6
<#
.SYNOPSIS
Time to first token of a fresh process with and without the prompt cache, as a ratio measured in one run.

.DESCRIPTION
Each measurement is a new pwsh that imports the module and answers one chat message (the model card's
system prompt and a short question, one token). "Cold" runs have NORSK_PROMPT_CACHE=0; "cached" runs
restore the prefix a first, unmeasured run saved to a private cache folder. Runs alternate, so load on
a shared machine falls on both alike. Prints one line per run and a summary with the medians.

.EXAMPLE
./tests/Bench/Measure-PromptCache.ps1 -ModulePath ./output/NorwegianLlama/0.1.0/NorwegianLlama.psd1 -ModelPath ~/.local/share/NorwegianLlama/models/Llama-2-13b-chat-norwegian.Q4_K_M.gguf -ContextSize 4096
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ModelPath,
    [int]$ContextSize = 2048,
    [int]$Runs = 3,
    # Loads the model and touches its weights once (a short prompt, without the cache) before the clock
    # starts, so only reading the prompt is timed; on a small model first-touch costs hide the difference.
    [switch]$WarmUp,
    [switch]$Child
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

if ($Child) {
    if ($WarmUp) {
        Import-Module $ModulePath
        $cache = $env:NORSK_PROMPT_CACHE
        $env:NORSK_PROMPT_CACHE = '0'
        Invoke-NorskChat 'Hei' -SystemPrompt '' -ModelPath $ModelPath -ContextSize 512 -MaxTokens 1 | Out-Null
        $env:NORSK_PROMPT_CACHE = $cache
    }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    Import-Module $ModulePath
    $r = Invoke-NorskChat 'Hei! Hva er hovedstaden i Norge?' -ModelPath $ModelPath -ContextSize $ContextSize -MaxTokens 1 -Temperature 0
    [ordered]@{
        FirstTokenMs       = $clock.Elapsed.TotalMilliseconds
        PromptFirstTokenMs = $r.TimeToFirstToken.TotalMilliseconds
        PromptTokens       = $r.PromptTokenCount
        RestoredTokens     = $r.ReusedPromptTokenCount
    } | ConvertTo-Json -Compress
    return
}

function Measure-Once([bool]$Cached) {
    $argv = [System.Collections.Generic.List[string]]::new()
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        $argv.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    $argv.AddRange([string[]]@('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-Child',
            '-ModulePath', $ModulePath, '-ModelPath', $ModelPath, '-ContextSize', $ContextSize))
    if ($WarmUp) { $argv.Add('-WarmUp') }
    $env:NORSK_PROMPT_CACHE = if ($Cached) { '1' } else { '0' }
    $lines = & ([Environment]::ProcessPath) @argv
    if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed (exit code $LASTEXITCODE): $lines" }
    $lines | Select-Object -Last 1 | ConvertFrom-Json
}

$saved = @{ Dir = $env:NORSK_CACHE_DIR; Switch = $env:NORSK_PROMPT_CACHE }
$env:NORSK_CACHE_DIR = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-bench-cache-$PID"
try {
    $seed = Measure-Once $true
    Write-Host "seeding run: $($seed | ConvertTo-Json -Compress)"
    $cold = [System.Collections.Generic.List[object]]::new()
    $cached = [System.Collections.Generic.List[object]]::new()
    for ($i = 1; $i -le $Runs; $i++) {
        $c = Measure-Once $false; $cold.Add($c); Write-Host "cold   ${i}: $($c | ConvertTo-Json -Compress)"
        $w = Measure-Once $true; $cached.Add($w); Write-Host "cached ${i}: $($w | ConvertTo-Json -Compress)"
    }
    $median = { param($values) ($values | Sort-Object)[[int][Math]::Floor(($values.Count - 1) / 2)] }
    $coldProcess = & $median $cold.FirstTokenMs
    $cachedProcess = & $median $cached.FirstTokenMs
    $coldPrompt = & $median $cold.PromptFirstTokenMs
    $cachedPrompt = & $median $cached.PromptFirstTokenMs
    [ordered]@{
        PromptTokens             = $cold[0].PromptTokens
        RestoredTokens           = $cached[0].RestoredTokens
        ColdFirstTokenMs         = [Math]::Round($coldProcess)
        CachedFirstTokenMs       = [Math]::Round($cachedProcess)
        ProcessRatio             = [Math]::Round($coldProcess / $cachedProcess, 2)
        ColdPromptFirstTokenMs   = [Math]::Round($coldPrompt)
        CachedPromptFirstTokenMs = [Math]::Round($cachedPrompt)
        PromptRatio              = [Math]::Round($coldPrompt / $cachedPrompt, 2)
        CacheFileBytes           = (Get-ChildItem -LiteralPath $env:NORSK_CACHE_DIR -Filter *.nlpc | Measure-Object Length -Sum).Sum
    } | ConvertTo-Json
}
finally {
    Remove-Item -LiteralPath $env:NORSK_CACHE_DIR -Recurse -Force -ErrorAction Ignore
    $env:NORSK_CACHE_DIR = $saved.Dir
    $env:NORSK_PROMPT_CACHE = $saved.Switch
}
