<#
.SYNOPSIS
Runs every tests/*.Tests.ps1 with Pester and writes the counts for build.ps1 to sum.
#>
param(
    [Parameter(Mandatory)][string]$PesterPath,
    [Parameter(Mandatory)][string]$TestPath,
    [Parameter(Mandatory)][string]$JUnitPath,
    [Parameter(Mandatory)][string]$SummaryPath
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
# PassThru rather than Run.Exit: Exit would leave Invoke-Pester before the summary is written.
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $JUnitPath

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $failed
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
exit ([int]($failed -gt 0))
