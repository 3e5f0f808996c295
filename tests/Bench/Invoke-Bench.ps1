#Requires -Version 7.6
<#
.SYNOPSIS
Measures the module against a plain LLamaSharp loop in one process and writes results.md and results.json.

.DESCRIPTION
Run by `build.ps1 -Task Bench` after New-BenchModels.ps1. -Scale picks the sections: the 4-layer stand-in
(StandInSections.ps1), the sparse real-shaped Llama-2 model of -Size (RealScaleSections.ps1), or both.

Everything compared runs in this one process (or, for start-up and memory, in fresh ones), on the same model
file, threads and context size, with the compared variants alternating run by run; every figure is the median of
-Runs runs (cheap ones of twice as many; -RealRuns at real scale) with min–max. The plain loop
(NorwegianLlama.Bench.dll) is loaded into the module's AssemblyLoadContext, so both sides use the same LLamaSharp
and llama.cpp.

Ratios are the point, not absolute speeds: they are only comparable within one run on one machine.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ToolsPath,
    [Parameter(Mandatory)][string]$OutputPath,
    [ValidateRange(1, 100)][int]$Runs = 5,
    [ValidateRange(1, 512)][int]$Threads = [Environment]::ProcessorCount,
    [ValidateRange(256, 4096)][int]$ContextSize = 2048,
    [ValidateRange(16, 1500)][int]$PromptTokens = 200,
    [ValidateRange(2, 512)][int]$GenerateTokens = 64,
    [ValidateRange(1, 128)][int]$TurnTokens = 16,
    [ValidateRange(2, 256)][int]$InstructionTokens = 32,
    [ValidateRange(2, 64)][int]$Documents = 16,
    # All: the stand-in sections, then the real-scale one; Stand-in or Real: only that one.
    [ValidateSet('All', 'Stand-in', 'Real')][string]$Scale = 'All',
    # The real-shaped Llama-2 model: 13B, the default model, needs ≈ 17 GB of memory; 7B about half.
    [ValidateSet('7B', '13B')][string]$Size = '13B',
    [ValidateRange(1, 100)][int]$RealRuns = 3,
    [ValidateRange(2, 512)][int]$RealGenerateTokens = 16,
    # The calls that measure tokens/s at real scale generate more, so one slow step weighs less.
    [ValidateRange(4, 512)][int]$RealRateTokens = 48,
    [ValidateRange(2, 256)][int]$RealInstructionTokens = 16,
    [ValidateRange(2, 64)][int]$RealDocuments = 8
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'common.ps1')
# The prompt cache is the bench's own (never the user's data folder) and off, so "cold" means cold; the real-scale
# fresh-process section turns it on for its warm-cache runs.
$env:NORSK_CACHE_DIR = Join-Path $OutputPath 'prompt-cache'
$env:NORSK_PROMPT_CACHE = '0'

# The module's sampling defaults (Invoke-NorskChat -Temperature 0.6 -TopP 0.9, top-k and min-p off); the plain loop
# samples the same way, so both pay the same sampler cost per token.
$Temperature = [float]0.6
$TopP = [float]0.9
$Seed = [uint32]1234

$benchClock = [System.Diagnostics.Stopwatch]::StartNew()

#region Helpers

function Get-Summary {
    param([double[]]$Values)
    $sorted = [double[]]($Values | Sort-Object)
    $n = $sorted.Count
    $median = if ($n % 2) { $sorted[[int](($n - 1) / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
    [ordered]@{ Median = $median; Min = $sorted[0]; Max = $sorted[$n - 1]; Samples = $Values }
}

function Format-Number {
    param([double]$Value)
    $digits = if ([Math]::Abs($Value) -ge 100) { 0 } elseif ([Math]::Abs($Value) -ge 10) { 1 } else { 2 }
    $Value.ToString("N$digits", [cultureinfo]::InvariantCulture)
}

function Format-Summary {
    param($Summary)
    if ($null -eq $Summary) { return '—' }
    if ($Summary.Samples.Count -eq 1) { return Format-Number $Summary.Median }
    '{0} ({1}–{2})' -f (Format-Number $Summary.Median), (Format-Number $Summary.Min), (Format-Number $Summary.Max)
}

$rows = [System.Collections.Generic.List[object]]::new()
$details = [ordered]@{}

function Add-Result {
    <#
    One table row. -Target compares either the ratio (value median / baseline median) or the value itself with
    the limit; rows without a target are context for the others. With -Paired, Value[i] and Baseline[i] measured
    the same input, and the ratio is the median of their per-run ratios: prompts of different lengths read at
    different speeds, so the two medians may otherwise come from different prompts.
    #>
    param(
        [string]$Metric,
        [string]$Unit,
        [double[]]$Value,
        [double[]]$Baseline,
        [string]$BaselineLabel,
        [ValidateSet('Ratio', 'Value', 'None')][string]$TargetOn = 'None',
        [ValidateSet('>=', '<=')][string]$Operator = '>=',
        [double]$Limit,
        [string]$Note,
        # For rows whose value is already a difference from the baseline.
        [switch]$NoRatio,
        [switch]$Paired
    )
    $valueSummary = Get-Summary $Value
    $baselineSummary = if ($Baseline) { Get-Summary $Baseline } else { $null }
    $ratio = if ($Paired) {
        if ($Value.Count -ne $Baseline.Count) { throw "$Metric`: $($Value.Count) values for $($Baseline.Count) baselines cannot be paired." }
        (Get-Summary ([double[]](0..($Value.Count - 1) | ForEach-Object { $Value[$_] / $Baseline[$_] }))).Median
    }
    elseif (-not $NoRatio -and $baselineSummary -and $baselineSummary.Median -ne 0) { $valueSummary.Median / $baselineSummary.Median }
    else { $null }
    $checked = switch ($TargetOn) { 'Ratio' { $ratio } 'Value' { $valueSummary.Median } default { $null } }
    $pass = if ($TargetOn -eq 'None' -or $null -eq $checked) { $null }
    elseif ($Operator -eq '>=') { $checked -ge $Limit } else { $checked -le $Limit }
    $target = switch ($TargetOn) {
        'Ratio' { "ratio $Operator $(Format-Number $Limit)".Replace('>=', '≥').Replace('<=', '≤') }
        'Value' { "$Operator $(Format-Number $Limit) $Unit".Replace('>=', '≥').Replace('<=', '≤') }
        default { '—' }
    }
    $rows.Add([pscustomobject][ordered]@{
            Metric        = $Metric
            Unit          = $Unit
            Value         = $valueSummary
            Baseline      = $baselineSummary
            BaselineLabel = $BaselineLabel
            Ratio         = $ratio
            Target        = $target
            Pass          = $pass
            Note          = $Note
        })
}

function Write-Section {
    param([string]$Text)
    Write-Host ('[{0,6:N1} s] {1}' -f $benchClock.Elapsed.TotalSeconds, $Text)
}

function Get-LoadAverage {
    if (Test-Path -LiteralPath /proc/loadavg) { [double]((Get-Content -LiteralPath /proc/loadavg -Raw).Split(' ')[0]) } else { $null }
}

function Get-MachineInfo {
    param($PlainType)
    $info = [ordered]@{
        Cpu          = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString()
        LogicalCores = [Environment]::ProcessorCount
        PhysicalCores = $null
        MemoryGB     = $null
        Os           = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
        DotNet       = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        PowerShell   = $PSVersionTable.PSVersion.ToString()
        LLamaSharp   = $null
        LlamaCpp     = $PlainType::SystemInfo.Trim()
    }
    # LLamaSharp.dll carries no version of its own; the module's dependency manifest names the package.
    $deps = Join-Path (Split-Path -Parent $PlainType::LLamaSharpLocation) 'NorwegianLlama.deps.json'
    if (Test-Path -LiteralPath $deps) {
        $package = (Get-Content -LiteralPath $deps -Raw | ConvertFrom-Json).libraries.PSObject.Properties.Name -like 'LLamaSharp/*'
        $info.LLamaSharp = ($package | Select-Object -First 1) -replace '^LLamaSharp/', ''
    }
    if (Test-Path -LiteralPath /proc/cpuinfo) {
        $cpuinfo = Get-Content -LiteralPath /proc/cpuinfo
        $field = { param($name) $cpuinfo | Where-Object { $_ -match "^$name\s*:" } | ForEach-Object { ($_ -split ':', 2)[1].Trim() } }
        if ($cpuModel = & $field 'model name' | Select-Object -First 1) { $info.Cpu = $cpuModel }
        $perSocket = & $field 'cpu cores' | Select-Object -First 1
        $sockets = @(& $field 'physical id' | Sort-Object -Unique).Count
        if ($perSocket) { $info.PhysicalCores = [int]$perSocket * [Math]::Max(1, $sockets) }
    }
    if (Test-Path -LiteralPath /proc/meminfo) {
        $kb = (Get-Content -LiteralPath /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -replace '\D', ''
        $info.MemoryGB = [Math]::Round([double]$kb / 1MB, 1)
    }
    if (Test-Path -LiteralPath /etc/os-release) {
        $pretty = (Get-Content -LiteralPath /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', ''
        $info.Os = "$pretty, kernel $((Get-Content -LiteralPath /proc/sys/kernel/osrelease -Raw).Trim())"
    }
    $info
}

# Norwegian prose for prompts and documents; each run starts somewhere else, so no two prompts share more than
# their first few tokens.
$Sentences = @(
    'Oslo ligger innerst i Oslofjorden og er omgitt av skog og åser på nesten alle kanter.'
    'Om vinteren går mange på ski i Nordmarka, og lysløypene er åpne til langt på kveld.'
    'Bergen er kjent for regn, fisketorget og de sju fjellene som ligger rundt byen.'
    'Hurtigruten har seilt langs kysten siden 1893 og stopper i over tretti havner.'
    'Fjellet Galdhøpiggen er det høyeste i Nord-Europa, med en topp på 2469 meter over havet.'
    'Mange nordmenn tilbringer sommeren på hytta, gjerne ved sjøen eller høyt til fjells.'
    'Trondheim var landets første hovedstad, og Nidarosdomen ble bygget over graven til Olav den hellige.'
    'Lofoten er berømt for tørrfisk, bratte tinder og midnattssol fra mai til juli.'
    'Det norske språket har to skriftformer, bokmål og nynorsk, og mange dialekter.'
    'Kollektivtrafikken i Oslo drives av Ruter, med buss, trikk, t-bane og båt.'
    'Nordlyset kan sees fra Tromsø og Finnmark de fleste klare netter mellom september og mars.'
    'Brunost er en søt, brun ost laget av myse, og den spises ofte på vafler eller brødskiver.'
    'Geirangerfjorden står på UNESCOs verdensarvliste sammen med Nærøyfjorden.'
    'Stavanger vokste raskt etter at oljen ble funnet i Nordsjøen på slutten av sekstitallet.'
    'På 17. mai feirer hele landet grunnloven med barnetog, flagg og is.'
    'Svalbard har flere isbjørner enn mennesker, og ingen får gå utenfor Longyearbyen uten våpen.'
)

function New-Prose {
    <#
    A prompt that starts with its own word (three letters, one token of the bench vocabulary), so prompts share
    only the chat template's first tokens, then sentences from the bank from $Start on, until the prompt reaches
    $MinTokens tokens.
    #>
    param([int]$Id, [int]$Start, [int]$MinTokens, [scriptblock]$CountTokens)
    $letters = 'abcdefghijklmnopqrstuvwxyzæøå'
    $text = '{0}{1}{2}:' -f $letters[[Math]::Floor($Id / 841) % 29], $letters[[Math]::Floor($Id / 29) % 29], $letters[$Id % 29]
    for ($i = 0; $i -lt 200; $i++) {
        $text += ' ' + $Sentences[($Start + $i) % $Sentences.Count]
        if ((& $CountTokens $text) -ge $MinTokens) { break }
    }
    $text
}

function Invoke-Timed {
    <# Runs the script block and returns its output with the wall time in milliseconds. #>
    param([scriptblock]$Script)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $Script
    [pscustomobject]@{ Output = $output; Ms = $clock.Elapsed.TotalMilliseconds }
}

function Get-Ttft {
    <# Time to first token as the caller sees it: wall time less the generating after the first token. #>
    param($Response, [double]$WallMs)
    $WallMs - ($Response.Duration - $Response.TimeToFirstToken).TotalMilliseconds
}

function Get-GenerationThroughput {
    <#
    Aggregate generation throughput of -BatchSize batches: each batch's sequences sample their first tokens
    while the prompts are read, then generate together from the last first token to the batch's end.
    Responses come back in input order, BatchSize to a batch.
    #>
    param([object[]]$Responses, [int]$BatchSize)
    $tokens = 0; $seconds = 0.0
    for ($start = 0; $start -lt $Responses.Count; $start += $BatchSize) {
        $batch = $Responses[$start..([Math]::Min($start + $BatchSize, $Responses.Count) - 1)]
        $tokens += ($batch | ForEach-Object { [Math]::Max(0, $_.CompletionTokenCount - 1) } | Measure-Object -Sum).Sum
        $seconds += (($batch | ForEach-Object { $_.Duration.TotalSeconds } | Measure-Object -Maximum).Maximum -
            ($batch | ForEach-Object { $_.TimeToFirstToken.TotalSeconds } | Measure-Object -Maximum).Maximum)
    }
    $tokens / $seconds
}

function Get-PromptPhaseMs {
    <#
    The part of an instruction run spent reading prompts: per batch, the latest first token (the time from the
    batch's start until every document in it had read its prompt), summed. Responses come back in input order.
    #>
    param([object[]]$Responses, [int]$BatchSize)
    $total = 0.0
    for ($start = 0; $start -lt $Responses.Count; $start += $BatchSize) {
        $batch = $Responses[$start..([Math]::Min($start + $BatchSize, $Responses.Count) - 1)]
        $total += ($batch | ForEach-Object { $_.TimeToFirstToken.TotalMilliseconds } | Measure-Object -Maximum).Maximum
    }
    $total
}

function Invoke-FreshPwsh {
    <# Runs Measure-FreshProcess.ps1 in a new pwsh and returns its JSON result. #>
    param([hashtable]$Parameters)
    $argv = [System.Collections.Generic.List[string]]::new()
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        $argv.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    $argv.AddRange([string[]]@('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-FreshProcess.ps1')))
    foreach ($name in $Parameters.Keys) {
        $argv.Add("-$name")
        $argv.Add([string]$Parameters[$name])
    }
    $lines = & ([Environment]::ProcessPath) @argv
    if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed (exit code $LASTEXITCODE): $lines" }
    $lines | Select-Object -Last 1 | ConvertFrom-Json
}

#endregion

$loadAtStart = Get-LoadAverage
if ($loadAtStart -gt 0.5) {
    Write-Warning "The load average is $loadAtStart before the benchmark: other work on this machine skews the figures."
}

Write-Section 'Importing the module'
Import-Module $ModulePath
$machine = $null
if ($Scale -ne 'Real') { . (Join-Path $PSScriptRoot 'StandInSections.ps1') }
if ($Scale -ne 'Stand-in') { . (Join-Path $PSScriptRoot 'RealScaleSections.ps1') }

# build.ps1 -Task Bench measures the per-token overhead in its own process just before this one; its figures join the table.
$overheadFile = Join-Path $OutputPath 'token-overhead/token-overhead.json'
if ((Test-Path -LiteralPath $overheadFile) -and (Get-Item -LiteralPath $overheadFile).LastWriteTime -gt (Get-Date).AddHours(-1) - $benchClock.Elapsed) {
    $overhead = Get-Content -LiteralPath $overheadFile -Raw | ConvertFrom-Json
    $details.TokenOverhead = $overhead
    $argmax = ($overhead.Results | Where-Object Variant -EQ 'PlainArgmax').CpuMsPerToken
    foreach ($variant in 'Chat', 'ChatStream', 'Instruction') {
        $row = $overhead.Results | Where-Object Variant -EQ $variant
        if (-not $row -or $null -eq $row.OverArgmaxMsPerToken) { continue }
        Add-Result -Metric "Per-token overhead, $variant at -Temperature 0 (ms CPU per token)" -Unit 'ms' -Value $row.OverArgmaxMsPerToken `
            -TargetOn Value -Operator '<=' -Limit 0.5 `
            -Note ('Measure-TokenOverhead.ps1, its own process: a {0}-layer model with a {1:N0}-piece vocabulary, {2} tokens, median of {3} runs; CPU time per generated token less that of a plain greedy LLamaSharp loop (decode, take the highest logit): {4} vs {5} ms.' -f
                $overhead.Model.Layers, $overhead.Model.Vocabulary, $overhead.Tokens, $overhead.Runs, $row.CpuMsPerToken, $argmax)
    }
}

$loadAtEnd = Get-LoadAverage
Write-Section 'Writing results'

#region Results

$settings = [ordered]@{
    Runs = $Runs; Threads = $Threads; ContextSize = $ContextSize; PromptTokens = $PromptTokens; GenerateTokens = $GenerateTokens
    TurnTokens = $TurnTokens; InstructionTokens = $InstructionTokens; Documents = $Documents
    Temperature = $Temperature; TopP = $TopP; Seed = $Seed
    BenchModel = $BenchModelSpec; Quantisation = $BenchModelQuantisation; SmallModel = $SmallModelSpec
    Scale = $Scale; Size = $Size; RealRuns = $RealRuns; RealGenerateTokens = $RealGenerateTokens
    RealInstructionTokens = $RealInstructionTokens; RealDocuments = $RealDocuments; RealRateTokens = $RealRateTokens
}
$date = Get-Date
$json = [ordered]@{
    Date = $date.ToString('o'); DurationSeconds = [Math]::Round($benchClock.Elapsed.TotalSeconds, 1)
    LoadAverage = [ordered]@{ Start = $loadAtStart; End = $loadAtEnd }
    Machine = $machine; Settings = $settings
    Results = $rows | ForEach-Object {
        [ordered]@{
            Metric = $_.Metric; Unit = $_.Unit; Value = $_.Value; Baseline = $_.Baseline; BaselineLabel = $_.BaselineLabel
            Ratio = $_.Ratio; Target = $_.Target; Pass = $_.Pass; Note = $_.Note
        }
    }
    Details = $details
}
New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$json | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath (Join-Path $OutputPath 'results.json') -Encoding utf8

$table = [System.Collections.Generic.List[string]]::new()
$table.Add('| Metric | Value | Baseline | Ratio | Target | Pass |')
$table.Add('| --- | --- | --- | --- | --- | --- |')
foreach ($row in $rows) {
    $baseline = if ($row.Baseline) { "$(Format-Summary $row.Baseline) $($row.BaselineLabel)" } else { '—' }
    # Three decimals, so a ratio just under its target never prints as the target itself.
    $ratio = if ($null -ne $row.Ratio) { $row.Ratio.ToString('N3', [cultureinfo]::InvariantCulture) } else { '—' }
    $pass = switch ($row.Pass) { $true { 'pass' } $false { '**FAIL**' } default { '—' } }
    $table.Add("| $($row.Metric) | $(Format-Summary $row.Value) | $baseline | $ratio | $($row.Target) | $pass |")
}

$markdown = @(
    '# NorwegianLlama benchmark results'
    ''
    "Run $($date.ToString('yyyy-MM-dd HH:mm zzz')) by ``build.ps1 -Task Bench`` in $(Format-Number ($benchClock.Elapsed.TotalMinutes)) minutes; $(if ($Scale -ne 'Real') { "stand-in: medians with min–max of $Runs runs ($(2 * $Runs) for overhead, Get-NorskModelInfo and Import-Module)" })$(if ($Scale -eq 'All') { '; ' })$(if ($Scale -ne 'Stand-in') { "real scale ($Size): medians with min–max of $RealRuns runs" })."
    ''
    $table
    ''
    '## Machine'
    ''
    "- CPU: $($machine.Cpu), $($machine.PhysicalCores) physical / $($machine.LogicalCores) logical cores; $($machine.MemoryGB) GB RAM"
    "- OS: $($machine.Os)"
    "- $($machine.DotNet), PowerShell $($machine.PowerShell), LLamaSharp $($machine.LLamaSharp)"
    "- llama.cpp: $($machine.LlamaCpp)"
    "- Load average: $loadAtStart at the start, $loadAtEnd at the end"
    ''
    '## Settings'
    ''
    if ($Scale -ne 'Real') {
        ('- Bench model: our GGUF writer, Llama-2-7B width (embedding {0}, feed-forward {1}, {2} heads), {3} layers, {4:N0}-token vocabulary, written F16 and quantised to Q4_K_M by LLamaSharp ({5:N0} MB)' -f
            $BenchModelSpec.Embedding, $BenchModelSpec.FeedForward, $BenchModelSpec.Heads, $BenchModelSpec.Layers, $BenchModelSpec.VocabularySize, ($benchBytes / 1MB))
        ('- Small model: {0} layers, embedding {1}, {2:N0}-token vocabulary, F16 ({3:N1} MB)' -f $SmallModelSpec.Layers, $SmallModelSpec.Embedding, $SmallModelSpec.VocabularySize, ($details.Memory.SmallModelFileBytes / 1MB))
        "- Threads $Threads, context $ContextSize, sampling temperature $Temperature / top-p $TopP for both sides"
    }
    if ($Scale -ne 'Stand-in') { $realSettingsLine }
    ''
    '## Notes'
    ''
    ($rows | ForEach-Object { "- **$($_.Metric)**: $($_.Note)" })
)
$markdown | Set-Content -LiteralPath (Join-Path $OutputPath 'results.md') -Encoding utf8

Write-Host ''
$table | ForEach-Object { Write-Host $_ }
Write-Host ''
Write-Host "Results: $(Join-Path $OutputPath 'results.md') and results.json ($(Format-Number $benchClock.Elapsed.TotalMinutes) min)"

#endregion
