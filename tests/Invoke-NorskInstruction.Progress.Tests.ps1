BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'progress.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'progress'; ContextLength = 4096; Seed = 8 } | Out-Null
    $quotedModel = "'$($model -replace "'", "''")'"

    # BatchProgress's activity; the model's loading bar is another.
    $script:ActivityId = 7100

    function Invoke-WithProgress([string]$Script) {
        <#
        Runs -Script in a [powershell] of its own and returns its Progress stream in order, with a record of activity
        'answer' wherever an answer reached the pipeline (the script pipes its answers through Show-Answer).
        #>
        $ps = [powershell]::Create()
        try {
            $prelude = @"
Import-Module '$($ModuleManifest -replace "'", "''")'
filter Show-Answer { Write-Progress -Id 1 -Activity answer -Status arrived; `$_ }
"@
            $null = $ps.AddScript("$prelude`n$Script")
            $output = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            [pscustomobject]@{
                Output   = @($output)
                Progress = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq $ActivityId -or $_.Activity -eq 'answer' })
            }
        }
        finally {
            $ps.Dispose()
        }
    }

    function Get-Tokens([System.Management.Automation.ProgressRecord]$Record) {
        if ($Record.StatusDescription -match '; ([\d,.\s]+) tokens written') { [long]($Matches[1] -replace '\D') } else { 0 }
    }

    function Assert-SeparateRecords([object[]]$Records, [int]$Total) {
        $ours = @($Records | Where-Object ActivityId -EQ $ActivityId)
        $distinct = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
        $ours | ForEach-Object { $null = $distinct.Add($_) }
        $distinct.Count | Should -Be $ours.Count -Because 'each write must be a record of its own, not one record changed in place'
        @($ours.StatusDescription | Sort-Object -Unique).Count | Should -BeGreaterOrEqual 3
        $ours[0].StatusDescription | Should -BeLike "0 of $Total done*"
        $ours[0].SecondsRemaining | Should -Be -1 -Because 'there is no pace before any work is done'
        $ours[-1].RecordType | Should -Be 'Completed'
        $processing = @($ours | Where-Object RecordType -EQ 'Processing')
        $processing[-1].StatusDescription | Should -Be "$Total of $Total done"
        $processing[-1].PercentComplete | Should -Be 100
        foreach ($record in $processing[0..($processing.Count - 2)]) {
            ($record.SecondsRemaining -eq -1 -or $record.SecondsRemaining -gt 0) | Should -BeTrue -Because "'$($record.StatusDescription)' has work left but says $($record.SecondsRemaining) s"
        }
    }
}

AfterAll {
    Remove-NorskModel -All
}

Describe 'Invoke-NorskInstruction progress' {
    It 'shows 0 of N before any answer, updates within the group, and ends with N of N' {
        $run = Invoke-WithProgress "'Oslo er en by.', 'Bergen har fjell.', 'Tromsø ligger nord.' | Invoke-NorskInstruction 'Skriv et langt dikt.' -ModelPath $quotedModel -ContextSize 1024 -MaxTokens 64 -BatchSize 8 -Seed 3 | Show-Answer"

        $run.Output.Count | Should -Be 3
        $run.Progress[0].ActivityId | Should -Be $ActivityId -Because 'the bar must appear before the first answer'
        Assert-SeparateRecords $run.Progress 3
        $firstAnswer = 0
        while ($run.Progress[$firstAnswer].Activity -ne 'answer') { $firstAnswer++ }
        $withinGroup = @($run.Progress[0..$firstAnswer] | Where-Object { $_.StatusDescription -like '0 of 3 done; answering 1–3*' -and (Get-Tokens $_) -gt 0 })
        $withinGroup.Count | Should -BeGreaterThan 0 -Because 'the tokens written must show while the only group runs'
    }

    It 'gives a true time left between groups' {
        $run = Invoke-WithProgress "1..5 | ForEach-Object { ""Dokument `$_ om fjell og fjord."" } | Invoke-NorskInstruction 'Oppsummer.' -ModelPath $quotedModel -ContextSize 1024 -MaxTokens 16 -BatchSize 2 -Seed 1 | Show-Answer"

        $run.Output.Count | Should -Be 5
        Assert-SeparateRecords $run.Progress 5
        $later = @($run.Progress | Where-Object { $_.StatusDescription -like '2 of 5 done; answering 3–4*' -or $_.StatusDescription -like '4 of 5 done; answering 5*' })
        $later.Count | Should -BeGreaterOrEqual 2
        $later | ForEach-Object { $_.SecondsRemaining | Should -BeGreaterThan 0 -Because "the pace is known by '$($_.StatusDescription)'" }
    }

    It 'shows the parts of a long input answered with -SplitLongInput' {
        # Over three times the context (the -SplitLongInput test of Invoke-NorskInstruction.Tests.ps1 measures it).
        $words = 'blåbær', 'fjell', 'fjord', 'skog', 'sjø', 'grønn', 'norsk', 'tekst'
        $long = (0..599 | ForEach-Object { $words[$_ % $words.Count] }) -join ' '
        $run = Invoke-WithProgress "'$long' | Invoke-NorskInstruction 'Oppsummer.' -ModelPath $quotedModel -ContextSize 256 -MaxTokens 16 -Seed 3 -SplitLongInput -BatchSize 4 | Show-Answer"

        $run.Output.Count | Should -Be 1
        Assert-SeparateRecords $run.Progress 1
        $parts = @($run.Progress | Where-Object StatusDescription -Match '^0 of 1 done; answering 1; input 1: ([\d,]+) of ([\d,]+) parts answered')
        $parts.Count | Should -BeGreaterThan 1
        $parts[0].StatusDescription | Should -Match ': 0 of \d+ parts answered'
        @($parts | Where-Object StatusDescription -Match ': [1-9][\d,]* of \d+ parts answered').Count | Should -BeGreaterThan 0
    }

    It 'writes separate records to a thread job''s Progress stream' {
        if (-not (Get-Command -Name Start-ThreadJob -ErrorAction Ignore)) {
            Set-ItResult -Skipped -Because 'Start-ThreadJob is not available in this PowerShell'
            return
        }
        $job = Start-ThreadJob -ScriptBlock {
            param($manifest, $model)
            Import-Module $manifest
            'Oslo er en by.', 'Bergen har fjell.', 'Tromsø ligger nord.' |
                Invoke-NorskInstruction 'Skriv et langt dikt.' -ModelPath $model -ContextSize 1024 -MaxTokens 64 -BatchSize 2 -Seed 3
        } -ArgumentList $ModuleManifest, $model
        try {
            $null = Wait-Job -Job $job -Timeout 300
            $job.State | Should -Be 'Completed'
            # Receive-Job empties every stream of the job, Progress too: read it first.
            $records = @($job.Progress)
            @(Receive-Job -Job $job).Count | Should -Be 3
            Assert-SeparateRecords $records 3
        }
        finally {
            Remove-Job -Job $job -Force
        }
    }
}
