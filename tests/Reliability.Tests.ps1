BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Remove-NorskModel -All
    $model = Join-Path $TestDrive 'reliability.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'reliability'; ContextLength = 2048; KvHeads = 2; Seed = 31 } | Out-Null
    $slowModel = Join-Path $TestDrive 'slow.gguf'
    New-TestModel -Path $slowModel -Spec @{ Name = 'slow'; Layers = 6; Embedding = 512; Heads = 8; FeedForward = 1536; ContextLength = 8192; Seed = 4 } | Out-Null

    function Invoke-Stopped {
        <# Starts a script in another runspace, stops it once $Ready says so, and returns how long Stop took. #>
        param([string]$Script, [scriptblock]$Ready)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript($Script)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $null = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (& $Ready $ps $output) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            [pscustomobject]@{ Milliseconds = $clock.Elapsed.TotalMilliseconds; State = $ps.InvocationStateInfo.State; Output = @($output) }
        }
        finally {
            $ps.Dispose()
        }
    }
}

AfterAll {
    Remove-NorskModel -All
}

Describe 'Reliability' {
    Context 'eight runspaces chatting at once' {
        It 'all succeed on weights loaded once, each answering as it would alone' {
            Remove-NorskModel -All
            $questions = 1..8 | ForEach-Object { "Spørsmål $_ om fjell og fjord" }
            $alone = foreach ($question in $questions) {
                (Invoke-NorskChat $question -ModelPath $model -ContextSize 1024 -MaxTokens 12 -Seed 5).Content
            }
            Remove-NorskModel -All

            $manifest = $ModuleManifest
            $results = $questions | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:manifest
                $records = Invoke-NorskChat $_ -ModelPath $using:model -ContextSize 1024 -MaxTokens 12 -Seed 5 -Verbose 4>&1
                [pscustomobject]@{
                    Question = $_
                    Content  = ($records | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }).Content
                    Loads    = @($records | Where-Object { "$_" -like 'llama.cpp: llama_model_loader: loaded meta data*' }).Count
                }
            }

            @($results).Count | Should -Be 8
            ($results | Measure-Object -Property Loads -Sum).Sum | Should -Be 1
            @(Get-NorskModelInfo -Loaded).Count | Should -Be 1
            foreach ($result in $results) {
                $result.Content | Should -BeExactly $alone[$questions.IndexOf($result.Question)]
            }
        }

        It 'shares the model with thread jobs too' {
            $manifest = $ModuleManifest
            $jobs = 1..3 | ForEach-Object {
                Start-ThreadJob -ArgumentList $_ -ScriptBlock {
                    param($n)
                    Import-Module $using:manifest
                    (Invoke-NorskChat "Hei $n" -ModelPath $using:model -ContextSize 1024 -MaxTokens 4 -Seed $n).CompletionTokenCount
                }
            }
            $counts = $jobs | Wait-Job -Timeout 120 | Receive-Job
            $jobs | Remove-Job -Force
            @($counts).Count | Should -Be 3
            $counts | ForEach-Object { $_ | Should -BeGreaterThan 0 }
        }
    }

    Context 'soak' {
        It 'runs 200 calls without growing memory or handles' {
            $chat = @{ ModelPath = $model; ContextSize = 512; MaxTokens = 4; SystemPrompt = '' }
            $process = [System.Diagnostics.Process]::GetCurrentProcess()
            $openFiles = { @(Get-ChildItem /proc/self/fd -ErrorAction SilentlyContinue).Count }
            # Warm up first: the first calls fill caches (contexts, JIT) that are meant to stay.
            1..20 | ForEach-Object { $null = Invoke-NorskChat "Hei $_" @chat -Seed $_ }
            [GC]::Collect(); [GC]::WaitForPendingFinalizers()
            $process.Refresh()
            $before = @{ Memory = $process.WorkingSet64; Handles = & $openFiles }

            1..200 | ForEach-Object {
                if ($_ % 3 -eq 0) {
                    $null = "tekst $_" | Invoke-NorskInstruction 'Oppsummer.' -ModelPath $model -ContextSize 512 -MaxTokens 4 -Seed $_
                }
                else {
                    $null = Invoke-NorskChat "Spørsmål nummer $_" @chat -Seed $_
                }
            }

            [GC]::Collect(); [GC]::WaitForPendingFinalizers()
            $process.Refresh()
            $growth = ($process.WorkingSet64 - $before.Memory) / $before.Memory
            $growth | Should -BeLessThan 0.05 -Because "the working set went from $($before.Memory) to $($process.WorkingSet64) bytes"
            if ($IsLinux) {
                (& $openFiles) - $before.Handles | Should -BeLessOrEqual 2
            }
        }
    }

    Context 'cancellation' {
        It 'stops while the prompt is read, and the next call works' {
            $long = (1..1500 | ForEach-Object { 'blåbær' }) -join ' '
            $script = "Import-Module '$ModuleManifest'; Invoke-NorskChat '$long' -ModelPath '$slowModel' -ContextSize 4096 -SystemPrompt '' -MaxTokens 4 -Seed 1"
            # Give the load a moment, then stop in the middle of reading the 1,500-word prompt.
            $stopped = Invoke-Stopped -Script $script -Ready { param($ps, $out) Start-Sleep -Milliseconds 700; $true }
            $stopped.State | Should -Be 'Stopped'
            $stopped.Output | Should -BeNullOrEmpty
            $stopped.Milliseconds | Should -BeLessThan 1000

            (Invoke-NorskChat 'Hei' -ModelPath $slowModel -ContextSize 4096 -SystemPrompt '' -MaxTokens 3 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
        }

        It 'stops during a model load without leaving the model half-loaded' {
            Remove-NorskModel -All
            $script = "Import-Module '$ModuleManifest'; Import-NorskModel -Path '$slowModel'"
            $stopped = Invoke-Stopped -Script $script -Ready { param($ps, $out) $true }
            $stopped.State | Should -BeIn @('Stopped', 'Completed')
            # Whether the stop came in time or not, the cache is consistent and usable.
            (Invoke-NorskChat 'Hei' -ModelPath $slowModel -ContextSize 512 -SystemPrompt '' -MaxTokens 2 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
            @(Get-NorskModelInfo -Loaded | Where-Object Path -EQ $slowModel).Count | Should -Be 1
        }
    }
}
