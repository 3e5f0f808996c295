<#
.SYNOPSIS
Runs the fuzz cases in child pwsh processes, restarting after a death, and reports every outcome.

.DESCRIPTION
Cases (tests/Fuzz/FuzzCases.ps1: model mutations, LoRA adapter mutations, hostile inputs) run in order in one child until it finishes or dies. A child that exits
without finishing the case it began, or stops answering for -CaseTimeout, counts a ProcessDeath (or Hang) for
that case; the next child starts at the case after it. Writes <OutputPath>/results.json and prints the summary;
with -PassThru it returns the results object instead.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ToolsPath,
    [Parameter(Mandatory)][string]$OutputPath,
    [int]$ModelCount = 2100,
    [int]$AdapterCount = 510,
    [int]$SliceSize = 0,
    # Above the time budget of the largest input (10 MB at 10 s per MB), so a slow case is reported as over budget, not as a hang.
    [timespan]$CaseTimeout = [timespan]::FromSeconds(150),
    [switch]$PassThru
)

$ErrorActionPreference = 'Stop'
Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.TestModels.dll')
Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.Fuzz.dll')
. (Join-Path $PSScriptRoot 'FuzzCases.ps1')
. (Join-Path $PSScriptRoot 'FuzzBudget.ps1')

$cases = @(Get-FuzzCaseList -ModelCount $ModelCount -AdapterCount $AdapterCount -SliceSize $SliceSize)
New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$work = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-fuzz-$PID"
$results = [object[]]::new($cases.Count)
$children = 0
$clock = [System.Diagnostics.Stopwatch]::StartNew()

function Start-FuzzChild {
    param([int]$Start)
    $info = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    $arguments = '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'FuzzChild.ps1'),
        '-ModulePath', $ModulePath, '-ToolsPath', $ToolsPath, '-WorkPath', $work,
        '-ModelCount', $ModelCount, '-AdapterCount', $AdapterCount, '-SliceSize', $SliceSize, '-Start', $Start
    foreach ($argument in $arguments) { $info.ArgumentList.Add([string]$argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $info.StandardOutputEncoding = [System.Text.UTF8Encoding]::new($false)
    $process = [System.Diagnostics.Process]::Start($info)
    $process.StandardInput.Close()
    # stderr is drained in the background so a chatty child never blocks on a full pipe.
    $script:childErrors = $process.StandardError.ReadToEndAsync()
    $process
}

try {
    $next = 0
    while ($next -lt $cases.Count) {
        $process = Start-FuzzChild -Start $next
        $children++
        $running = -1
        $done = $false
        while ($true) {
            $read = $process.StandardOutput.ReadLineAsync()
            if (-not $read.Wait($CaseTimeout)) {
                # A case that neither finishes nor dies: kill this child and count it as a hang.
                $process.Kill($true)
                $process.WaitForExit()
                if ($running -ge 0) {
                    $results[$running] = @{ Index = $running; Kind = $cases[$running].Kind; Number = $cases[$running].Number; Outcome = 'Hang'; ExitCode = $null }
                }
                break
            }
            $line = $read.Result
            if ($null -eq $line) {
                $process.WaitForExit()
                if ($running -ge 0) {
                    # The end of stderr holds llama.cpp's or the runtime's last words (GGML_ASSERT, SIGSEGV).
                    $stderr = if ($childErrors.Wait(5000)) { $childErrors.Result } else { '' }
                    $lastWords = $stderr.Substring([math]::Max(0, $stderr.Length - 600))
                    $results[$running] = @{ Index = $running; Kind = $cases[$running].Kind; Number = $cases[$running].Number; Outcome = 'ProcessDeath'; ExitCode = $process.ExitCode; Message = $lastWords }
                    Write-Host "Case $running killed the child (exit code $($process.ExitCode))"
                }
                break
            }
            if ($line.StartsWith('##FUZZ## BEGIN ')) {
                $running = [int]$line.Substring(15)
            }
            elseif ($line.StartsWith('##FUZZ## END ')) {
                $result = $line.Substring(13) | ConvertFrom-Json -AsHashtable
                $results[$result.Index] = $result
                $running = -1
                $next = $result.Index + 1
                if ($next % 250 -eq 0) { Write-Host "  $next of $($cases.Count) cases, $([int]$clock.Elapsed.TotalSeconds) s" }
            }
            elseif ($line -eq '##FUZZ## DONE') {
                $done = $true
            }
        }
        $process.Dispose()
        if ($done) { break }
        if ($running -ge 0) { $next = $running + 1 }
        elseif ($next -lt $cases.Count -and -not $results[$next]) {
            # The child died between cases (start-up or clean-up): count a death for the case it would run.
            $results[$next] = @{ Index = $next; Kind = $cases[$next].Kind; Number = $cases[$next].Number; Outcome = 'ProcessDeath'; ExitCode = $null }
            $next++
        }
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}

# A death or hang has no description from the child: derive it here from the same case list.
foreach ($result in $results) {
    if ($result -and -not $result.ContainsKey('Name')) {
        if ($result.Kind -in 'Model', 'Adapter') {
            $m = if ($result.Kind -eq 'Model') { [NorwegianLlama.Fuzz.ModelMutator]::Create($result.Number) } else { [NorwegianLlama.Fuzz.AdapterMutator]::Create($result.Number) }
            $result.Name = "$($m.Family): $($m.Description)"
            $result.Family = $m.Family
        }
        else {
            $inputCase = Get-FuzzInputCase -Number $result.Number
            $result.Name = $inputCase.Name
            $result.Family = $inputCase.Family
            $result.Surface = $inputCase.Surface
            $result.InputName = $inputCase.InputName
        }
    }
}

$all = @($results | Where-Object { $_ })
$summary = [ordered]@{
    Cases             = $cases.Count
    ModelCases        = @($all | Where-Object Kind -EQ 'Model').Count
    AdapterCases      = @($all | Where-Object Kind -EQ 'Adapter').Count
    InputCases        = @($all | Where-Object Kind -EQ 'Input').Count
    GrammarCases      = @($all | Where-Object Surface -EQ 'Grammar').Count
    SchemaCases       = @($all | Where-Object Surface -EQ 'JsonSchema').Count
    ProcessDeaths     = @($all | Where-Object Outcome -EQ 'ProcessDeath').Count
    Hangs             = @($all | Where-Object Outcome -EQ 'Hang').Count
    Unhandled         = @($all | Where-Object Outcome -EQ 'UnhandledException').Count
    HarnessErrors     = @($all | Where-Object Outcome -EQ 'HarnessError').Count
    OverBudget        = @($all | Where-Object { Test-FuzzOverBudget $_ }).Count
    ChildProcesses    = $children
    Seconds           = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    ByOutcome         = [ordered]@{}
    ByError           = [ordered]@{}
}
foreach ($group in $all | Group-Object { $_.Outcome } | Sort-Object Count -Descending) { $summary.ByOutcome[$group.Name] = $group.Count }
foreach ($group in $all | Where-Object { $_.ErrorId } | Group-Object { "$($_.Outcome) | $($_.Category) | $($_.ErrorId)" } | Sort-Object Count -Descending) {
    $summary.ByError[$group.Name] = $group.Count
}
$report = [ordered]@{ Summary = $summary; Results = $all }
$report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $OutputPath 'results.json') -Encoding utf8
if ($PassThru) {
    return [pscustomobject]$report
}
$summary.GetEnumerator() | Where-Object { $_.Value -isnot [System.Collections.IDictionary] } | ForEach-Object { Write-Host "$($_.Key): $($_.Value)" }
$summary.ByOutcome.GetEnumerator() | ForEach-Object { Write-Host "  $($_.Key): $($_.Value)" }
