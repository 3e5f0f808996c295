<#
Dot-sourced by the fuzz driver and the report: the time a hostile input may cost. No input may take more than its
size warrants: 10 s per MB of input, and 10 s in all for one under 100 KB, whose time is mostly fixed costs.
#>

$script:FuzzBudgetSecondsPerMB = 10
$script:FuzzBudgetSmallBytes = 100KB
$script:FuzzBudgetSmallSeconds = 10

function Get-FuzzSecondsPerMB {
    <# A case's time per MB of its input (UTF-8 bytes); inputs under 1 KB count as 1 KB, so an empty one has a rate too. #>
    param([Parameter(Mandatory)][System.Collections.IDictionary]$Result)
    ($Result.Milliseconds / 1000) / ([math]::Max($Result.InputBytes, 1KB) / 1MB)
}

function Test-FuzzOverBudget {
    <# Whether a hostile-input case took longer than its size warrants. Cases without a measured input have no budget. #>
    param([Parameter(Mandatory)][System.Collections.IDictionary]$Result)
    if ($Result.Kind -ne 'Input' -or $null -eq $Result.InputBytes -or $null -eq $Result.Milliseconds) { return $false }
    $seconds = $Result.Milliseconds / 1000
    if ($Result.InputBytes -lt $FuzzBudgetSmallBytes) { return $seconds -gt $FuzzBudgetSmallSeconds }
    (Get-FuzzSecondsPerMB $Result) -gt $FuzzBudgetSecondsPerMB
}
