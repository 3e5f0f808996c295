#Requires -Version 7.6
<#
.SYNOPSIS
Measures what the module adds to each generated token, against plain LLamaSharp loops, in one process.

.DESCRIPTION
On a model with the real 32,000-piece vocabulary and next to no compute (2 layers, embedding 64), llama_decode takes
a fraction of a millisecond, so any per-token work over the logits, and any per-token hand-off to the host, shows
up plainly. Every variant answers -Runs times, interleaved round by round in a rotating order, and each figure is
the median:

- PlainSampler: PlainModel's loop (LLamaSharp's DefaultSamplingPipeline) with the module's sampler settings.
- PlainArgmax: decode and take the highest logit, no sampler chain: the floor.
- Chat: $r = Invoke-NorskChat ... (nothing shown); ChatStream: Invoke-NorskChat -Stream, the pieces collected;
  Instruction: Invoke-NorskInstruction with one input.
- ChatDefaultTemperature and PlainSamplerDefaultTemperature: the same at the default -Temperature 0.6 -TopP 0.9.

Three figures per variant, in ms per generated token, each from a -MaxTokens N call less a -MaxTokens 1 call on the
same prompt (warm in the context), divided by N − 1:
- CpuMsPerToken: CPU time of the whole process (every thread: generator, pipeline, GC). The headline: on a machine
  shared with other work it stays close to the work done, where wall time swings with the scheduler.
- WallMsPerToken: wall time, everything a token costs the caller, host hand-off included; trust it on an idle machine.
- LoopMsPerToken: (Duration − TimeToFirstToken) / (tokens − 1) from the response (or the plain run) itself.

OverheadMsPerToken is a variant's CpuMsPerToken less the plain loop's with the same sampler settings;
OverArgmaxMsPerToken, for the temperature-0 variants, less PlainArgmax's: what is left beyond decoding and one
pass over the logits. -Threads
defaults to 1: llama.cpp's worker threads spin at their barriers, which counts as CPU time and means nothing here.
The model is written once under <OutputPath>/token-overhead; results go to token-overhead.json there.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ToolsPath,
    [Parameter(Mandatory)][string]$OutputPath,
    [ValidateRange(1, 100)][int]$Runs = 7,
    [ValidateRange(16, 1000)][int]$Tokens = 200,
    [ValidateRange(1, 512)][int]$Threads = 1,
    [ValidateRange(512, 4096)][int]$ContextSize = 2048
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'common.ps1')

$Seed = [uint32]1234
$DefaultTemperature = [float]0.6
$DefaultTopP = [float]0.9

function Get-Median {
    param([double[]]$Values)
    $sorted = [double[]]($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int](($n - 1) / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Measure-Run {
    <# Runs a variant and adds the wall and process CPU time it took, in milliseconds. #>
    param([scriptblock]$Variant, [int]$MaxTokens)
    $cpu = $CpuClock::ProcessMilliseconds()
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $figures = & $Variant $MaxTokens
    $figures.Wall = $clock.Elapsed.TotalMilliseconds
    $figures.Cpu = $CpuClock::ProcessMilliseconds() - $cpu
    $figures
}

#region The model and both sides

$folder = Join-Path $OutputPath 'token-overhead'
New-Item -ItemType Directory -Path $folder -Force | Out-Null
$modelPath = Join-Path $folder 'small-32k.F16.gguf'
Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.TestModels.dll')
$spec = [NorwegianLlama.TestModels.TestModelSpec]$SmallModelSpec
[NorwegianLlama.TestModels.TestModelWriter]::Write($modelPath, $spec) | Out-Null

Import-Module $ModulePath
# The module configures llama.cpp (search path, log routing) on its first native call; the plain loops come after.
Import-NorskModel -LiteralPath $modelPath
$PlainLlama = Import-PlainLlama -AssemblyPath (Join-Path $ToolsPath 'NorwegianLlama.Bench.dll')
$plainModel = $PlainLlama::Load($modelPath, $true)
$argmaxType = $PlainLlama.Assembly.GetType('NorwegianLlama.Bench.PlainArgmax', $true)
$CpuClock = $PlainLlama.Assembly.GetType('NorwegianLlama.Bench.CpuClock', $true)
$plainArgmax = $argmaxType::Load($modelPath, $ContextSize, $Threads)
$common = @{ ModelPath = $modelPath; ContextSize = $ContextSize; Threads = $Threads }

#endregion

#region A prompt that runs the full length greedily

# A greedy answer from random weights may end early (an end token or '[INST]'); the first message whose chat and
# instruction answers both run all -Tokens tokens is used, so every variant measures the same number of tokens.
$candidates = @(
    'Hei! Hva er hovedstaden i Norge, og hva kan man gjøre der om vinteren?'
    'Fortell meg om fjordene på Vestlandet.'
    'Skriv et kort dikt om nordlys over Tromsø.'
    'Hvorfor regner det så mye i Bergen?'
    'Forklar hvordan man lager brunost.'
    'Hva er forskjellen på bokmål og nynorsk?'
    'Beskriv en tur i Nordmarka en kald januardag.'
    'Hvem var Roald Amundsen?'
)
$message = $null
foreach ($candidate in $candidates) {
    $chat = Invoke-NorskChat -Message $candidate -Temperature 0 -MaxTokens $Tokens @common
    $instruction = Invoke-NorskInstruction -Instruction 'Oppsummer teksten.' -InputObject $candidate -Temperature 0 -MaxTokens $Tokens @common
    if ($chat.CompletionTokenCount -eq $Tokens -and $instruction.CompletionTokenCount -eq $Tokens) {
        $message = $candidate
        break
    }
}
if (-not $message) { throw "No candidate message gave $Tokens greedy tokens for both chat and instruction." }
$chatPrompt = [int[]](ConvertTo-NorskPrompt -Message $message -ModelPath $modelPath).Tokens

#endregion

#region The variants

# Each returns @{ LoopMs = generating after the first token; Generated = tokens; Text = answer }.
$variants = [ordered]@{
    PlainSampler                    = { param($n) $p = $plainModel.Generate($chatPrompt, $n, $ContextSize, $Threads, 0, $DefaultTopP, $Seed, $true); @{ LoopMs = $p.DurationMs - $p.TimeToFirstTokenMs; Generated = $p.CompletionTokenCount; Text = $p.Text } }
    PlainArgmax                     = { param($n) $p = $plainArgmax.Generate($chatPrompt, $n); @{ LoopMs = $p.DurationMs - $p.TimeToFirstTokenMs; Generated = $p.CompletionTokenCount; Text = $p.Text } }
    Chat                            = { param($n) Get-ResponseFigures (Invoke-NorskChat -Message $message -Temperature 0 -MaxTokens $n @common) }
    ChatStream                      = { param($n) $pieces = Invoke-NorskChat -Message $message -Temperature 0 -MaxTokens $n -Stream @common; @{ LoopMs = [double]::NaN; Generated = $n; Text = -join $pieces } }
    Instruction                     = { param($n) Get-ResponseFigures (Invoke-NorskInstruction -Instruction 'Oppsummer teksten.' -InputObject $message -Temperature 0 -MaxTokens $n @common) }
    PlainSamplerDefaultTemperature  = { param($n) $p = $plainModel.Generate($chatPrompt, $n, $ContextSize, $Threads, $DefaultTemperature, $DefaultTopP, $Seed, $true); @{ LoopMs = $p.DurationMs - $p.TimeToFirstTokenMs; Generated = $p.CompletionTokenCount; Text = $p.Text } }
    ChatDefaultTemperature          = { param($n) Get-ResponseFigures (Invoke-NorskChat -Message $message -MaxTokens $n @common) }
}
$baselines = @{
    Chat = 'PlainSampler'; ChatStream = 'PlainSampler'; Instruction = 'PlainSampler'; PlainArgmax = 'PlainSampler'
    ChatDefaultTemperature = 'PlainSamplerDefaultTemperature'
}

function Get-ResponseFigures {
    param($r)
    @{ LoopMs = ($r.Duration - $r.TimeToFirstToken).TotalMilliseconds; Generated = $r.CompletionTokenCount; Text = $r.Content }
}

$samples = @{}
foreach ($name in $variants.Keys) { $samples[$name] = [System.Collections.Generic.List[object]]::new() }
$names = [string[]]$variants.Keys
# Round -1 warms every path (JIT, the module's warm context) and is not counted.
for ($run = -1; $run -lt $Runs; $run++) {
    for ($i = 0; $i -lt $names.Count; $i++) {
        $name = $names[($i + $run + 1) % $names.Count]
        $long = Measure-Run $variants[$name] $Tokens
        $short = Measure-Run $variants[$name] 1
        if ($run -ge 0) {
            $samples[$name].Add([pscustomobject]@{
                CpuMsPerToken  = ($long.Cpu - $short.Cpu) / [Math]::Max(1, $long.Generated - 1)
                WallMsPerToken = ($long.Wall - $short.Wall) / [Math]::Max(1, $long.Generated - 1)
                LoopMsPerToken = $long.LoopMs / [Math]::Max(1, $long.Generated - 1)
                Generated      = $long.Generated
                Text           = $long.Text
            })
        }
    }
}

#endregion

#region Results

$results = foreach ($name in $names) {
    $s = $samples[$name]
    [pscustomobject]@{
        Variant        = $name
        CpuMsPerToken  = [Math]::Round((Get-Median $s.CpuMsPerToken), 3)
        WallMsPerToken = [Math]::Round((Get-Median $s.WallMsPerToken), 3)
        LoopMsPerToken = if ([double]::IsNaN($s[0].LoopMsPerToken)) { $null } else { [Math]::Round((Get-Median $s.LoopMsPerToken), 3) }
        Generated      = Get-Median $s.Generated
        CpuMin         = [Math]::Round(($s.CpuMsPerToken | Measure-Object -Minimum).Minimum, 3)
        CpuMax         = [Math]::Round(($s.CpuMsPerToken | Measure-Object -Maximum).Maximum, 3)
    }
}
foreach ($row in $results) {
    $baseline = $baselines[$row.Variant]
    $overhead = if ($baseline) { [Math]::Round($row.CpuMsPerToken - ($results | Where-Object Variant -EQ $baseline).CpuMsPerToken, 3) } else { $null }
    $row | Add-Member -NotePropertyName OverheadMsPerToken -NotePropertyValue $overhead
    $overArgmax = if ($row.Variant -in 'Chat', 'ChatStream', 'Instruction') { [Math]::Round($row.CpuMsPerToken - ($results | Where-Object Variant -EQ 'PlainArgmax').CpuMsPerToken, 3) } else { $null }
    $row | Add-Member -NotePropertyName OverArgmaxMsPerToken -NotePropertyValue $overArgmax
}

# Greedy answers must not depend on the path: the module's chat text is the plain loop's (the module drops the
# answer's leading space and stops before '[INST]', which the plain loop does not know).
$plainText = $samples.PlainSampler[0].Text.TrimStart()
$chatText = $samples.Chat[0].Text
$sameText = $plainText.StartsWith($chatText, [StringComparison]::Ordinal) -and $chatText.Length -gt 0

$summary = [pscustomobject]@{
    Model          = [ordered]@{ Path = $modelPath; Layers = $spec.Layers; Embedding = $spec.Embedding; Vocabulary = $spec.VocabularySize }
    Tokens         = $Tokens
    Runs           = $Runs
    Threads        = $Threads
    ContextSize    = $ContextSize
    Message        = $message
    GreedyTextSame = $sameText
    Results        = $results
}
$summary | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $folder 'token-overhead.json') -Encoding utf8
$results | Format-Table Variant, CpuMsPerToken, OverheadMsPerToken, OverArgmaxMsPerToken, CpuMin, CpuMax, WallMsPerToken, LoopMsPerToken, Generated -AutoSize | Out-Host
Write-Host "Greedy chat text equals the plain loop's: $sameText"

$plainArgmax.Dispose()
$plainModel.Dispose()
$summary

#endregion
