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
    [int]$Calls = 1000,
    [int]$WarmUp = 200
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.TestModels.dll')
New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$model = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-soak-$PID.gguf"
# Big enough (≈ 80 MB) that freeing it shows in the resident set, small enough for 1,000 calls in about a minute.
[NorwegianLlama.TestModels.TestModelWriter]::Write($model, [NorwegianLlama.TestModels.TestModelSpec]@{ Name = 'soak'; Layers = 6; Embedding = 512; Heads = 8; FeedForward = 1536; ContextLength = 2048; Seed = 11 }) | Out-Null

function Get-Usage {
    # The managed heap breathes by megabytes between collections: compact it, and take the lowest of three
    # readings, so the numbers measure what is really kept.
    $readings = foreach ($i in 1..3) {
        [System.Runtime.GCSettings]::LargeObjectHeapCompactionMode = 'CompactOnce'
        [GC]::Collect(2, [GCCollectionMode]::Forced, $true, $true); [GC]::WaitForPendingFinalizers()
        $status = [System.IO.File]::ReadAllLines('/proc/self/status')
        [ordered]@{
            RssBytes  = 1KB * [long](($status | Where-Object { $_ -like 'VmRSS:*' }) -replace '\D', '')
            OpenFiles = [System.IO.Directory]::GetFileSystemEntries('/proc/self/fd').Count
            Threads   = [long](($status | Where-Object { $_ -like 'Threads:*' }) -replace '\D', '')
            ManagedBytes = [GC]::GetTotalMemory($false)
        }
    }
    $readings | Sort-Object { $_.RssBytes } | Select-Object -First 1
}

function Invoke-SoakCall {
    <# Two of three calls chat, one summarises: both paths, each with its own seed. #>
    param([int]$Number, [switch]$Verbose)
    if ($Number % 3 -eq 0) {
        "tekst nummer $Number om fjell" | Invoke-NorskInstruction 'Oppsummer.' -ModelPath $model -ContextSize 512 -MaxTokens 4 -Seed $Number -Verbose:$Verbose 4>&1
    }
    else {
        Invoke-NorskChat "Spørsmål nummer $Number" @chat -Seed $Number -Verbose:$Verbose 4>&1
    }
}

$chat = @{ ModelPath = $model; ContextSize = 512; MaxTokens = 4; SystemPrompt = '' }
# Contexts are counted from llama.cpp's own lines, which reach -Verbose only with NORSK_NATIVE_LOG on.
$env:NORSK_NATIVE_LOG = '1'
$contexts = { param($records) @($records | Where-Object { "$_" -like 'llama.cpp: llama_context: constructing*' }).Count }
$before = Get-Usage
# Warm-up: the first calls load the weights and fill the context pool and JIT caches, which are meant to stay.
# The resident set then still settles for a few hundred calls (glibc gives each thread-pool thread that runs
# llama.cpp its own malloc arena) before it stays flat; 3,000 calls after 30 warm-up calls rose 228 → 252 MB by
# call 1,300 and not a byte more.
$warmRecords = 1..$WarmUp | ForEach-Object { Invoke-SoakCall -Number (100000 + $_) -Verbose }
$warm = Get-Usage
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$failures = 0
$created = 0
$samples = [System.Collections.Generic.List[object]]::new()
for ($i = 1; $i -le $Calls; $i++) {
    try {
        $created += & $contexts (Invoke-SoakCall -Number $i -Verbose)
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
    WarmUpCalls           = $WarmUp
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
