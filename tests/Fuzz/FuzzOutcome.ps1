# Dot-sourced by FuzzChild.ps1: runs one case and classifies what happened.

$script:NorskCommands = @(Get-Command -Module NorwegianLlama | ForEach-Object Name)

function Get-FuzzErrorShape {
    <#
    An ErrorRecord as (Category, ErrorId, Command, Typed). Typed is false for an exception that escaped a
    cmdlet unhandled: PowerShell then makes the exception's type name the error id, which no user can rely on.
    #>
    param([System.Management.Automation.ErrorRecord]$Record)
    $id = ($Record.FullyQualifiedErrorId -split ',')[0]
    $exception = $Record.Exception
    $inner = if ($exception -is [System.Management.Automation.CmdletInvocationException] -and $exception.InnerException) { $exception.InnerException } else { $exception }
    $typed = -not ($id -eq $inner.GetType().FullName -or $id -eq $inner.GetType().Name -or $id -match '^System\.' -or $id -eq 'RuntimeException')
    @{
        Category = "$($Record.CategoryInfo.Category)"
        ErrorId  = $id
        Command  = "$($Record.InvocationInfo.MyCommand.Name)"
        Typed    = $typed
        Message  = ("$($exception.Message)" -replace "\s+", " ") -replace '^(.{200}).+$', '$1…'
    }
}

function Invoke-FuzzOutcome {
    <#
    Succeeded: no error at all. ErrorRecord: the cmdlets reported (non-terminating) errors with ids.
    TerminatingError: a cmdlet stopped with an ErrorRecord of its own (ThrowTerminatingError, parameter
    binding). UnhandledException: an exception escaped with no ErrorId of ours. HarnessError: the case script
    itself failed outside the module's cmdlets (a fuzzer bug, reported so it cannot hide a result).
    #>
    param([scriptblock]$Block, [object[]]$Arguments)
    $records = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    $stops = [System.Collections.Generic.SortedSet[string]]::new()
    $terminating = $null
    try {
        $ErrorActionPreference = 'Continue'
        & $Block @Arguments 2>&1 3>$null 4>$null 5>$null 6>$null | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $records.Add($_) }
            # How answers ended (a grammar dead end is a clean stop, and the report counts it).
            elseif ($null -ne $_ -and $_.PSObject.Properties['StopReason']) { $null = $stops.Add("$($_.StopReason)") }
        }
    }
    catch {
        $terminating = $_
    }

    $result = @{ Outcome = 'Succeeded'; Category = ''; ErrorId = ''; Command = ''; Message = ''; ErrorCount = $records.Count; Step = ''; StopReasons = @($stops) -join ',' }
    $first = if ($terminating) { $terminating } elseif ($records.Count) { $records[0] } else { $null }
    if ($null -eq $first) { return $result }

    $shape = Get-FuzzErrorShape -Record $first
    $result.Category = $shape.Category
    $result.ErrorId = $shape.ErrorId
    $result.Command = $shape.Command
    $result.Message = $shape.Message
    $result.Outcome = if ($shape.Command -notin $NorskCommands) { 'HarnessError' }
    elseif (-not $shape.Typed) { 'UnhandledException' }
    elseif ($terminating) { 'TerminatingError' }
    else { 'ErrorRecord' }
    # Any later record without a stable id counts against the case too.
    foreach ($record in $records) {
        if (-not (Get-FuzzErrorShape -Record $record).Typed) { $result.Outcome = 'UnhandledException' }
    }
    $result
}
