#Requires -Version 7.6
<#
.SYNOPSIS
Child of Invoke-Bench.ps1: measures what only a fresh pwsh can show, and prints one JSON line.

.DESCRIPTION
-Mode Import times Import-Module of the staged module (a binary module loads once per process).
-Mode Chat imports it, answers one chat on the bench model and reports the process's peak RSS: the module's
own footprint, without the benchmark's second (plain) copy of the weights.
-Mode FirstToken is what a person sees when a new pwsh runs one Invoke-NorskChat with the module's defaults
(the card's system prompt, context and threads): from the start of the process to the first token.
-Mode PlainFirstToken is the same for the plain LLamaSharp loop: load memory-mapped, create a context, read the
prompt (token ids from -TokensPath), sample. Both report their process's start, so the parent can compare them
and sample their memory from /proc.
-Mode Profile is one configuration (-KvCacheType, -NoRepack) on its own: Import-NorskModel timed (load and KV
allocation), two short calls (-SystemPrompt '', the message 'Hei' then 'Takk'): the first call after the import and
the next one, then the message in -MessagePath, whose prompt and generation rates it reports.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [ValidateSet('Import', 'Chat', 'FirstToken', 'PlainFirstToken', 'Profile')][string]$Mode = 'Import',
    [string]$ModelPath,
    [int]$ContextSize = 2048,
    [int]$Threads = [Environment]::ProcessorCount,
    [int]$MaxTokens = 16,
    # FirstToken: the message, in a file so that no quoting stands between it and the child.
    [string]$MessagePath,
    # PlainFirstToken: the plain loop's assembly folder and the prompt's token ids, comma-separated in a file.
    [string]$ToolsPath,
    [string]$TokensPath,
    [double]$Temperature = 0.6,
    [double]$TopP = 0.9,
    # FirstToken and Profile: K/V cache types, comma-separated as -KvCacheType takes them; empty: the module's default.
    [string]$KvCacheType = '',
    # Profile: '1' imports with -NoRepack.
    [string]$NoRepack = '0'
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Get-SinceProcessStart {
    ([DateTime]::Now - [System.Diagnostics.Process]::GetCurrentProcess().StartTime).TotalMilliseconds
}

$clock = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath
$importMs = $clock.Elapsed.TotalMilliseconds

$result = [ordered]@{ ImportMs = $importMs }
if ($Mode -eq 'Chat') {
    $response = Invoke-NorskChat -Message 'Hei! Hvordan går det med deg i dag?' -ModelPath $ModelPath -MaxTokens $MaxTokens `
        -ContextSize $ContextSize -Threads $Threads
    $result.PromptTokenCount = $response.PromptTokenCount
    $result.CompletionTokenCount = $response.CompletionTokenCount
    $result.PeakWorkingSetBytes = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
}
elseif ($Mode -eq 'FirstToken') {
    $message = Get-Content -LiteralPath $MessagePath -Raw
    $beforeCall = Get-SinceProcessStart
    $clock.Restart()
    $kv = if ($KvCacheType) { @{ KvCacheType = $KvCacheType.Split(',') } } else { @{} }
    $response = Invoke-NorskChat -Message $message -ModelPath $ModelPath -MaxTokens $MaxTokens @kv
    $wallMs = $clock.Elapsed.TotalMilliseconds
    $callTtft = $wallMs - ($response.Duration - $response.TimeToFirstToken).TotalMilliseconds
    $result.ProcessStartToCallMs = $beforeCall
    $result.CallTimeToFirstTokenMs = $callTtft
    $result.StartToFirstTokenMs = $beforeCall + $callTtft
    $result.PromptTokenCount = $response.PromptTokenCount
    $result.CompletionTokenCount = $response.CompletionTokenCount
}
elseif ($Mode -eq 'PlainFirstToken') {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $tokens = [int[]](Get-Content -LiteralPath $TokensPath -Raw).Split(',')

    # The module configures llama.cpp (search path, log routing) on its first native call, here a vocabulary-only
    # tokenisation; its time is not the plain loop's and is left out of the figure.
    $clock.Restart()
    $null = ConvertTo-NorskPrompt -Message 'Hei' -SystemPrompt '' -ModelPath $ModelPath
    $plain = Import-PlainLlama -AssemblyPath (Join-Path $ToolsPath 'NorwegianLlama.Bench.dll')
    $setupMs = $clock.Elapsed.TotalMilliseconds

    $beforeCall = Get-SinceProcessStart
    $clock.Restart()
    $model = $plain::Load($ModelPath, $true)
    $run = $model.Generate($tokens, $MaxTokens, $ContextSize, $Threads, [float]$Temperature, [float]$TopP, [uint32]1234, $false)
    $wallMs = $clock.Elapsed.TotalMilliseconds
    $callTtft = $wallMs - ($run.DurationMs - $run.TimeToFirstTokenMs)
    $result.SetupMs = $setupMs
    $result.LoadMs = $model.LoadMilliseconds
    $result.ProcessStartToCallMs = $beforeCall - $setupMs
    $result.CallTimeToFirstTokenMs = $callTtft
    $result.StartToFirstTokenMs = $beforeCall - $setupMs + $callTtft
    $result.PromptTokenCount = $run.PromptTokenCount
    $result.CompletionTokenCount = $run.CompletionTokenCount
    $model.Dispose()
}

elseif ($Mode -eq 'Profile') {
    $import = @{ LiteralPath = $ModelPath }
    if ($KvCacheType) { $import.KvCacheType = $KvCacheType.Split(',') }
    if ($NoRepack -eq '1') { $import.NoRepack = $true }
    $clock.Restart()
    $model = Import-NorskModel @import -PassThru
    $result.ImportMs = $clock.Elapsed.TotalMilliseconds
    $result.KvCacheType = $model.KvCacheType
    $result.Repacked = $model.Repacked
    foreach ($call in 'First', 'Next') {
        $short = if ($call -eq 'First') { 'Hei' } else { 'Takk' }
        $clock.Restart()
        $response = Invoke-NorskChat -Message $short -SystemPrompt '' -ModelPath $ModelPath -MaxTokens 2
        $result["${call}CallMs"] = $clock.Elapsed.TotalMilliseconds - ($response.Duration - $response.TimeToFirstToken).TotalMilliseconds
        $result["${call}CallPromptTokens"] = $response.PromptTokenCount
        $result["${call}CallDecodedTokens"] = $response.PromptTokenCount - $response.ReusedPromptTokenCount
    }
    $response = Invoke-NorskChat -Message (Get-Content -LiteralPath $MessagePath -Raw) -SystemPrompt '' -ModelPath $ModelPath -MaxTokens $MaxTokens
    $decoded = $response.PromptTokenCount - $response.ReusedPromptTokenCount
    $result.PromptTokensPerSecond = $decoded / $response.TimeToFirstToken.TotalSeconds
    $result.GenerationTokensPerSecond = ($response.CompletionTokenCount - 1) / ($response.Duration - $response.TimeToFirstToken).TotalSeconds
    $result.CompletionTokenCount = $response.CompletionTokenCount
}

$result | ConvertTo-Json -Compress
