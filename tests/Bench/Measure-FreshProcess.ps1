#Requires -Version 7.6
<#
.SYNOPSIS
Child of Invoke-Bench.ps1: measures what only a fresh pwsh can show, and prints one JSON line.

.DESCRIPTION
-Mode Import times Import-Module of the staged module (a binary module loads once per process).
-Mode Chat imports it, answers one chat on the bench model and reports the process's peak RSS: the module's
own footprint, without the benchmark's second (plain) copy of the weights.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [ValidateSet('Import', 'Chat')][string]$Mode = 'Import',
    [string]$ModelPath,
    [int]$ContextSize = 2048,
    [int]$Threads = [Environment]::ProcessorCount,
    [int]$MaxTokens = 16
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

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

$result | ConvertTo-Json -Compress
