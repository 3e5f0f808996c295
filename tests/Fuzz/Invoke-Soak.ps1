<#
.SYNOPSIS
1,000 sequential seeded calls on one cached model, then Remove-NorskModel and Remove-Module: memory, open
files and contexts before and after. Run in a fresh pwsh (build.ps1 -Task Fuzz does) so the numbers are this
process's own; writes <OutputPath>/soak.json and returns the same object.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ToolsPath,
    [Parameter(Mandatory)][string]$OutputPath,
    [int]$Calls = 1000
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.TestModels.dll')
New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$model = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-soak-$PID.gguf"
# Big enough (≈ 80 MB) that freeing it shows in the resident set, small enough for 1,000 calls in about a minute.
[NorwegianLlama.TestModels.TestModelWriter]::Write($model, [NorwegianLlama.TestModels.TestModelSpec]@{ Name = 'soak'; Layers = 6; Embedding = 512; Heads = 8; FeedForward = 1536; ContextLength = 2048; Seed = 11 }) | Out-Null

function Get-Usage {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $status = Get-Content /proc/self/status
    [ordered]@{
        RssBytes  = 1KB * [long](($status | Where-Object { $_ -like 'VmRSS:*' }) -replace '\D', '')
        OpenFiles = @(Get-ChildItem /proc/self/fd -ErrorAction SilentlyContinue).Count
        Threads   = [long](($status | Where-Object { $_ -like 'Threads:*' }) -replace '\D', '')
    }
}

$chat = @{ ModelPath = $model; ContextSize = 512; MaxTokens = 4; SystemPrompt = '' }
$contexts = { param($records) @($records | Where-Object { "$_" -like 'llama.cpp: llama_context: constructing*' }).Count }
$before = Get-Usage
# Warm-up: the first calls load the weights and fill the context pool and JIT caches, which are meant to stay.
$warmRecords = 1..20 | ForEach-Object { Invoke-NorskChat "Hei $_" @chat -Seed $_ -Verbose 4>&1 }
$warm = Get-Usage
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$failures = 0
$created = 0
$samples = [System.Collections.Generic.List[object]]::new()
for ($i = 1; $i -le $Calls; $i++) {
    try {
        $records = if ($i % 3 -eq 0) {
            "tekst nummer $i om fjell" | Invoke-NorskInstruction 'Oppsummer.' -ModelPath $model -ContextSize 512 -MaxTokens 4 -Seed $i -Verbose 4>&1
        }
        else {
            Invoke-NorskChat "Spørsmål nummer $i" @chat -Seed $i -Verbose 4>&1
        }
        $created += & $contexts $records
    }
    catch {
        $failures++
    }
    if ($i % 100 -eq 0) { $samples.Add([ordered]@{ Call = $i } + (Get-Usage)) }
}
$elapsed = $clock.Elapsed.TotalSeconds
$after = Get-Usage
Remove-NorskModel -All
$removed = Get-Usage
# Load again, then let Remove-Module free it.
$null = Invoke-NorskChat 'Hei' @chat -Seed 1
$reloaded = Get-Usage
Remove-Module NorwegianLlama
$moduleRemoved = Get-Usage
Remove-Item -LiteralPath $model -ErrorAction Ignore

$result = [ordered]@{
    Calls                 = $Calls
    Failures              = $failures
    Seconds               = [math]::Round($elapsed, 1)
    ContextsWarmUp        = & $contexts $warmRecords
    ContextsCreatedInSoak = $created
    Before                = $before
    AfterWarmUp           = $warm
    AfterSoak             = $after
    RssGrowth             = [math]::Round(($after.RssBytes - $warm.RssBytes) / $warm.RssBytes, 4)
    OpenFilesGrowth       = $after.OpenFiles - $warm.OpenFiles
    AfterRemoveNorskModel = $removed
    AfterReload           = $reloaded
    AfterRemoveModule     = $moduleRemoved
    Samples               = $samples
}
$result | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $OutputPath 'soak.json') -Encoding utf8
[pscustomobject]$result
