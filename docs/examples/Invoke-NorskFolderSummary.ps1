#Requires -Version 7.6

<#
.SYNOPSIS
Summarises every .txt file in a folder into a CSV with Invoke-NorskInstruction, locally or spread over
several hosts with PowerShell SSH remoting.

.DESCRIPTION
Reads every *.txt file in -Path (add -Recurse for subfolders), sorted by name, and applies -Instruction to
each with Invoke-NorskInstruction.

Without -HostName or -Session the files are answered in this PowerShell process.

With -HostName (or -Session), the files are split into contiguous groups, one per host. Each host gets
the texts of its group, not their paths (remote hosts do not share this machine's file system), and all
hosts then answer at the same time through one Invoke-Command -Session ... -ThrottleLimit call. Every
host uses its own model: -ModelPath is a path on the remote host, or leave it out and set
$env:NORSK_MODEL_PATH there. The results are merged back into input order, and the remote Source
(InputObject[n]) is replaced by the original file path.

The CSV (UTF-8) has one row per answered file with the columns Source, Content, StopReason,
PromptTokenCount, CompletionTokenCount, Duration, TokensPerSecond, Seed, Host and Model. The same
objects, with a Host property added, are also written to the pipeline.

A file that cannot be answered is reported as an error naming the file (and, remotely, its host); a host
that cannot be reached or fails is reported as a HostFailed error naming the host and its files. The other
files and hosts are still answered and written. Remote errors are written after the CSV, so even
-ErrorAction Stop keeps the CSV; locally, Invoke-NorskInstruction's own errors follow -ErrorAction as
they happen.

Sessions that the script opens from -HostName are closed at the end, which unloads their models. To
answer several folders without loading the model again each time, open the sessions once with
New-PSSession and pass them with -Session; they stay open (with their models loaded) afterwards.
See docs/scaling.md.

.PARAMETER Path
The folder whose *.txt files are summarised.

.PARAMETER Instruction
What the model should do with each file, for example 'Oppsummer teksten i to setninger.'

.PARAMETER OutputCsv
The CSV file to write; it is overwritten.

.PARAMETER HostName
Hosts to spread the files over, through SSH remoting (PowerShell's 'powershell' SSH subsystem must be
set up on each). Naming a host twice gives it two groups, answered by two sessions at once.

.PARAMETER Session
Open PSSessions to use instead of -HostName; they are left open.

.PARAMETER ModelPath
The GGUF model file. On remote hosts this is a path on that host; without it each host uses its own
$env:NORSK_MODEL_PATH.

.PARAMETER Options
SSH options for New-PSSession -Options, for example @{ StrictHostKeyChecking = 'accept-new' }.

.PARAMETER BatchSize
Inputs each host decodes together (Invoke-NorskInstruction -BatchSize).

.PARAMETER Temperature
Passed to Invoke-NorskInstruction; 0 is greedy and gives the same answers however the files are split.

.PARAMETER Seed
One seed for every host, so a run can be repeated. Without it each host picks its own and reports it.

.PARAMETER RemoteModulePath
Where the NorwegianLlama module (a .psd1 or its folder) is on the remote hosts; without it the hosts
import NorwegianLlama by name from their PSModulePath.

.PARAMETER ThrottleLimit
How many hosts work at the same time.

.EXAMPLE
./Invoke-NorskFolderSummary.ps1 -Path ./brev -Instruction 'Oppsummer teksten i to setninger.' -OutputCsv ./brev.csv -ModelPath ./models/Llama-2-7b-chat-norwegian.Q4_K_M.gguf

Summarises ./brev/*.txt in this process.

.EXAMPLE
./Invoke-NorskFolderSummary.ps1 -Path ./brev -Instruction 'Oppsummer teksten.' -OutputCsv ./brev.csv -HostName gpu1, gpu2, gpu3 -UserName kari -KeyFilePath ~/.ssh/id_ed25519

Spreads the files over three hosts, each using the model in its own $env:NORSK_MODEL_PATH.

.EXAMPLE
$sessions = New-PSSession -HostName node1, node2 -UserName kari
./Invoke-NorskFolderSummary.ps1 -Path ./uke1 -Instruction 'Oppsummer.' -OutputCsv ./uke1.csv -Session $sessions -RemoteModulePath /opt/NorwegianLlama
./Invoke-NorskFolderSummary.ps1 -Path ./uke2 -Instruction 'Oppsummer.' -OutputCsv ./uke2.csv -Session $sessions -RemoteModulePath /opt/NorwegianLlama
$sessions | Remove-PSSession

Reuses two sessions, so each host loads its model only once.
#>
[CmdletBinding(DefaultParameterSetName = 'Local')]
param(
    [Parameter(Mandatory)][string]$Path,
    [Parameter(Mandatory)][string]$Instruction,
    [Parameter(Mandatory)][string]$OutputCsv,

    [Parameter(Mandatory, ParameterSetName = 'HostName')][string[]]$HostName,
    [Parameter(ParameterSetName = 'HostName')][string]$UserName,
    [Parameter(ParameterSetName = 'HostName')][string]$KeyFilePath,
    [Parameter(ParameterSetName = 'HostName')][ValidateRange(1, 65535)][int]$Port,
    [Parameter(ParameterSetName = 'HostName')][hashtable]$Options,
    [Parameter(Mandatory, ParameterSetName = 'Session')][System.Management.Automation.Runspaces.PSSession[]]$Session,
    [Parameter(ParameterSetName = 'HostName')][Parameter(ParameterSetName = 'Session')][string]$RemoteModulePath,
    [Parameter(ParameterSetName = 'HostName')][Parameter(ParameterSetName = 'Session')][ValidateRange(1, 1000)][int]$ThrottleLimit = 32,

    [string]$ModelPath,
    [switch]$Recurse,
    [ValidateRange(1, 64)][int]$BatchSize = 4,
    [ValidateRange(1, 1048576)][int]$MaxTokens = 256,
    [ValidateRange(64, 1048576)][int]$ContextSize,
    [ValidateRange(0.0, 5.0)][Nullable[float]]$Temperature,
    [ValidateRange(0, 4294967295)][Nullable[long]]$Seed
)

Set-StrictMode -Version Latest

$files = @(Get-ChildItem -LiteralPath $Path -Filter *.txt -File -Recurse:$Recurse -ErrorAction Stop |
        Sort-Object -Property @{ Expression = { [System.IO.Path]::GetRelativePath($Path, $_.FullName) } })
if ($files.Count -eq 0) {
    Write-Warning "No .txt files in '$Path'."
}

# Parameters for Invoke-NorskInstruction, the same here and on every host.
$parameters = @{ Instruction = $Instruction; BatchSize = $BatchSize; MaxTokens = $MaxTokens }
if ($ModelPath) { $parameters.ModelPath = $ModelPath }
if ($PSBoundParameters.ContainsKey('ContextSize')) { $parameters.ContextSize = $ContextSize }
if ($null -ne $Temperature) { $parameters.Temperature = $Temperature }
if ($null -ne $Seed) { $parameters.Seed = $Seed }

$results = [object[]]::new($files.Count)
$problems = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()

function Invoke-Nested {
    <#
    Runs one command in a nested pipeline and returns its output and errors. The errors are not written, so
    they stay out of the caller's -ErrorVariable: this script reports each problem once, naming the host.
    #>
    param([string]$Command, [hashtable]$Parameters)
    $ps = [powershell]::Create([System.Management.Automation.RunspaceMode]::CurrentRunspace)
    try {
        $output = $ps.AddCommand($Command).AddParameters($Parameters + @{ ErrorAction = 'Continue' }).Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error | ForEach-Object { $_.Exception.Message }) }
    }
    finally {
        $ps.Dispose()
    }
}

function Add-Problem {
    param([string]$Message, [string]$ErrorId, [System.Management.Automation.ErrorCategory]$Category, [object]$Target)
    $problems.Add([System.Management.Automation.ErrorRecord]::new([System.Exception]::new($Message), $ErrorId, $Category, $Target))
}

if ($PSCmdlet.ParameterSetName -eq 'Local' -and $files.Count -gt 0) {
    if (-not (Get-Module -Name NorwegianLlama)) {
        Import-Module -Name NorwegianLlama -ErrorAction Stop
    }
    $machine = [Environment]::MachineName
    $index = @{}
    for ($i = 0; $i -lt $files.Count; $i++) { $index[$files[$i].FullName] = $i }
    # The cmdlet's own errors (they name the file) go straight through, under the caller's -ErrorAction.
    # (Assigned, not piped on: errors from the middle of a pipeline would miss the caller's -ErrorVariable.)
    $responses = Invoke-NorskInstruction @parameters -LiteralPath $files.FullName
    foreach ($response in $responses) {
        $results[$index[$response.Source]] = $response | Add-Member -NotePropertyName Host -NotePropertyValue $machine -Force -PassThru
    }
}
elseif ($files.Count -gt 0) {
    # One target per host name, or per given session.
    $ownSessions = $PSCmdlet.ParameterSetName -eq 'HostName'
    $targets = if ($ownSessions) {
        $HostName | ForEach-Object { [pscustomobject]@{ Host = $_; Session = $null } }
    }
    else {
        if (@($Session.InstanceId | Select-Object -Unique).Count -ne $Session.Count) {
            throw 'Each session can take only one group of files; give every session once.'
        }
        $Session | ForEach-Object { [pscustomobject]@{ Host = $_.ComputerName; Session = $_ } }
    }
    $targets = @($targets)
    $connection = @{}
    foreach ($name in 'UserName', 'KeyFilePath', 'Port', 'Options') {
        if ($PSBoundParameters.ContainsKey($name)) { $connection[$name] = $PSBoundParameters[$name] }
    }

    # Contiguous groups, as even as possible: the first (files mod hosts) groups get one file more.
    $groups = [System.Collections.Generic.List[object]]::new()
    $quotient = [int][Math]::Floor($files.Count / $targets.Count)
    $remainder = $files.Count % $targets.Count
    $start = 0
    for ($g = 0; $g -lt $targets.Count; $g++) {
        $count = $quotient + [int]($g -lt $remainder)
        if ($count -gt 0) {
            $groups.Add([pscustomobject]@{
                    Host      = $targets[$g].Host
                    Session   = $targets[$g].Session
                    Start     = $start
                    Files     = @($files[$start..($start + $count - 1)])
                    Done      = $false
                    Errors    = [System.Collections.Generic.List[string]]::new()
                    # Where the n-th text sent (InputObject[n] on the host) belongs among all the files.
                    Positions = [System.Collections.Generic.List[int]]::new()
                })
            $start += $count
        }
    }

    $opened = [System.Collections.Generic.List[System.Management.Automation.Runspaces.PSSession]]::new()
    $job = $null
    try {
        # Connect (unless given sessions) and hand each host the texts of its group, not their paths.
        foreach ($group in $groups) {
            if (-not $group.Session) {
                $step = Invoke-Nested New-PSSession (@{ HostName = $group.Host } + $connection)
                $group.Session = $step.Output | Select-Object -First 1
                if ($group.Session) { $opened.Add($group.Session) }
                $group.Errors.AddRange([string[]]$step.Errors)
                if (-not $group.Session) { continue }
            }
            # UTF-8 unless a byte order mark says otherwise, as Invoke-NorskInstruction reads files.
            $texts = [System.Collections.Generic.List[string]]::new()
            for ($k = 0; $k -lt $group.Files.Count; $k++) {
                $file = $group.Files[$k].FullName
                $read = Invoke-Nested Get-Content @{ LiteralPath = $file; Raw = $true; Encoding = 'utf8' }
                if ($read.Errors) {
                    Add-Problem "${file}: $($read.Errors -join ' ')" 'InputFileUnreadable' ReadError $file
                    continue
                }
                $texts.Add([string]($read.Output | Select-Object -First 1))
                $group.Positions.Add($group.Start + $k)
            }
            if ($texts.Count -eq 0) {
                $group.Done = $true
                continue
            }
            $step = Invoke-Nested Invoke-Command @{
                Session      = $group.Session
                ScriptBlock  = { param([string[]]$Texts) $global:NorskFolderSummaryTexts = $Texts }
                ArgumentList = (, $texts.ToArray())
            }
            if ($step.Errors) {
                $group.Errors.AddRange([string[]]$step.Errors)
                $group.Session = $null
            }
        }

        # All hosts answer at once. Per-file errors come back as data, a failing host as its child job's errors.
        $work = {
            param([hashtable]$Parameters, [string]$ModulePath)
            $ErrorActionPreference = 'Stop'
            try {
                if (-not (Get-Module -Name NorwegianLlama)) {
                    Import-Module -Name $(if ($ModulePath) { $ModulePath } else { 'NorwegianLlama' })
                }
                $failed = $null
                $global:NorskFolderSummaryTexts | Invoke-NorskInstruction @Parameters -ErrorAction SilentlyContinue -ErrorVariable failed
                foreach ($record in @($failed)) {
                    [pscustomobject]@{
                        PSTypeName = 'NorskFolderSummary.Problem'
                        Target     = "$($record.TargetObject)"
                        ErrorId    = $record.FullyQualifiedErrorId -replace ',.*$'
                        Category   = "$($record.CategoryInfo.Category)"
                        Message    = $record.Exception.Message
                    }
                }
                [pscustomobject]@{ PSTypeName = 'NorskFolderSummary.Done' }
            }
            finally {
                Remove-Variable -Name NorskFolderSummaryTexts -Scope Global -ErrorAction Ignore
            }
        }

        $live = @($groups | Where-Object Session)
        if ($live) {
            $job = Invoke-Command -Session $live.Session -ThrottleLimit $ThrottleLimit -ScriptBlock $work `
                -ArgumentList $parameters, $RemoteModulePath -AsJob
            $activity = "Answering $($files.Count) file(s) on $($live.Count) host(s)"
            while (-not (Wait-Job -Job $job -Timeout 1)) {
                $received = ($job.ChildJobs | ForEach-Object { $_.Output.Count } | Measure-Object -Sum).Sum
                Write-Progress -Activity $activity -Status "$received result(s) received" `
                    -PercentComplete ([Math]::Min(100, 100 * $received / $files.Count))
            }
            Write-Progress -Activity $activity -Completed

            foreach ($child in $job.ChildJobs) {
                $group = $live | Where-Object { $_.Session.InstanceId -eq $child.Runspace.InstanceId } | Select-Object -First 1
                if (-not $group) { continue }
                foreach ($item in $child.Output) {
                    $names = $item.pstypenames
                    if ($names -contains 'Deserialized.NorskFolderSummary.Done') {
                        $group.Done = $true
                    }
                    elseif ($names -contains 'Deserialized.NorskFolderSummary.Problem') {
                        $target = $item.Target
                        if ($target -match '^InputObject\[(\d+)\]$') { $target = $files[$group.Positions[[int]$Matches[1] - 1]].FullName }
                        Add-Problem "Host '$($group.Host)': ${target}: $($item.Message)" $item.ErrorId $item.Category $target
                    }
                    elseif ($item.Source -match '^InputObject\[(\d+)\]$') {
                        # Back to input order, under the original file name.
                        $position = $group.Positions[[int]$Matches[1] - 1]
                        $item.Source = $files[$position].FullName
                        $results[$position] = $item | Add-Member -NotePropertyName Host -NotePropertyValue $group.Host -Force -PassThru
                    }
                }
                foreach ($record in $child.Error) { $group.Errors.Add($record.Exception.Message) }
                if ($child.JobStateInfo.Reason) { $group.Errors.Add($child.JobStateInfo.Reason.Message) }
            }
        }

        foreach ($group in $groups) {
            if (-not $group.Done) {
                $span = if ($group.Files.Count -eq 1) { $group.Files[0].Name } else { "$($group.Files[0].Name) … $($group.Files[-1].Name)" }
                $why = if ($group.Errors.Count) { ($group.Errors | Select-Object -Unique) -join ' ' } else { 'it returned no result.' }
                Add-Problem "Host '$($group.Host)' did not answer its $($group.Files.Count) file(s) ($span): $why" 'HostFailed' ConnectionError $group.Host
            }
        }
    }
    finally {
        if ($job) { Remove-Job -Job $job -Force }
        if ($opened.Count) { $opened | Remove-PSSession }
    }
}

$merged = @($results | Where-Object { $null -ne $_ })
$merged | Select-Object -Property Source, Content, StopReason, PromptTokenCount, CompletionTokenCount, Duration,
TokensPerSecond, Seed, Host, Model | Export-Csv -LiteralPath $OutputCsv -NoTypeInformation -Encoding utf8
Write-Verbose "Wrote $($merged.Count) of $($files.Count) file(s) to $OutputCsv."
$merged
# Written last, so -ErrorAction Stop still leaves the CSV and the answers.
foreach ($problem in $problems) {
    $PSCmdlet.WriteError($problem)
}
