BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # These tests read llama.cpp's own log lines, which reach -Verbose only with NORSK_NATIVE_LOG on.
    $env:NORSK_NATIVE_LOG = '1'
    Remove-NorskModel -All
    $model = Join-Path $TestDrive 'reliability.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'reliability'; ContextLength = 2048; KvHeads = 2; Seed = 31 } | Out-Null
    $slowModel = Join-Path $TestDrive 'slow.gguf'
    New-TestModel -Path $slowModel -Spec @{ Name = 'slow'; Layers = 6; Embedding = 512; Heads = 8; FeedForward = 1536; ContextLength = 8192; Seed = 4 } | Out-Null
}

AfterAll {
    Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
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
        BeforeAll {
            # mmap'd F32/F16 test models load in milliseconds. Q4_0 matrices are repacked for the CPU as they load,
            # which takes long enough to stop midway, and llama.cpp asks its progress callback (which LLamaSharp
            # answers from the cancellation token) before every tensor.
            $repacked = Join-Path $TestDrive 'repacked.gguf'
            $null = New-Q4_0TestModel -Path $repacked -Layers 8 -Width 2048 -Heads 16 -FeedForward 5632

            function Test-VerboseSeen {
                param($PowerShell, [string]$Pattern)
                @($PowerShell.Streams.Verbose | Where-Object Message -Like $Pattern).Count -gt 0
            }
        }

        It 'stops while the prompt is read, and the next call works' {
            $long = (1..2500 | ForEach-Object { 'blåbær' }) -join ' '
            $slow = @{ ModelPath = $slowModel; ContextSize = 4096; SystemPrompt = '' }
            # Loads the weights and makes the context, so that afterwards reading its prompt is all a call does
            # before it answers.
            $null = Invoke-NorskChat 'Hei' @slow -MaxTokens 1 -Seed 1
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $full = Invoke-NorskChat "Først $long" @slow -MaxTokens 1 -Seed 1
            $fullRead = $clock.Elapsed
            $full.PromptTokenCount | Should -BeGreaterThan 2500

            # Another first word, so the prefix kept from that read ends at [INST] and this prompt is read anew.
            # Without -Seed the cmdlet says which seed it chose: its last word before it starts reading the prompt.
            $script = "Invoke-NorskChat 'Så $long' -ModelPath '$slowModel' -ContextSize 4096 -SystemPrompt '' -MaxTokens 4 -Stream -Verbose"
            $stopped = Invoke-Stopped -Script $script -Until { param($ps) Test-VerboseSeen $ps 'Sampling with -Seed*' }

            $stopped.ConditionMet | Should -BeTrue -Because 'the call should have started reading its prompt'
            $stopped.StateAtStop | Should -Be 'Running'
            $stopped.State | Should -Be 'Stopped'
            $stopped.Output | Should -BeNullOrEmpty -Because 'not one piece of the answer may have been written'
            $stopped.Errors | Should -BeNullOrEmpty
            # Had the stop waited for the read to end, it would have taken about as long as the whole read.
            $stopped.StopDuration.TotalMilliseconds / $fullRead.TotalMilliseconds | Should -BeLessThan 0.25 -Because "Stop took $($stopped.StopDuration) and reading the prompt $fullRead"

            (Invoke-NorskChat 'Hei' @slow -MaxTokens 3 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
        }

        It 'interrupts the native load itself: nothing cached, and the next load is a fresh one that works' {
            Remove-NorskModel -All

            # Stop once llama.cpp has reported real progress, well before the end.
            $stopped = Invoke-Stopped -Script "Import-NorskModel -LiteralPath '$repacked'" -Until {
                param($ps, $out)
                @($ps.Streams.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.PercentComplete -gt 0 -and $_.PercentComplete -lt 50 }).Count -gt 0
            }
            $stopped.ConditionMet | Should -BeTrue
            $stopped.State | Should -Be 'Stopped'
            $stopped.Progress.Count | Should -BeGreaterThan 0
            ($stopped.Progress | Measure-Object -Property PercentComplete -Maximum).Maximum | Should -BeLessThan 100

            # Had the interrupted load finished, it would be in the cache and this call would reuse it. It waits for
            # that load to end (loads take turns), then must read the file again: proof the native load stopped.
            $next = Import-NorskModel -LiteralPath $repacked -PassThru -Verbose 4>&1
            @($next | Where-Object { "$_" -like 'llama.cpp: llama_model_loader: loaded meta data*' }).Count | Should -Be 1
            ($next | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }).IsLoaded | Should -BeTrue
            @(Get-NorskModelInfo -Loaded | Where-Object Path -EQ $repacked).Count | Should -Be 1
            Remove-NorskModel -All
        }

        It 'stops a model load as soon as llama.cpp starts it, without leaving the model half-loaded' {
            Remove-NorskModel -All
            # llama.cpp's first line about the file: the native load has begun, and repacking keeps it busy for long.
            $stopped = Invoke-Stopped -Script "Import-NorskModel -LiteralPath '$repacked' -PassThru -Verbose" -Until {
                param($ps) Test-VerboseSeen $ps 'llama.cpp: llama_model_loader: loaded meta data*'
            }

            $stopped.ConditionMet | Should -BeTrue -Because 'the native load should have begun'
            $stopped.StateAtStop | Should -Be 'Running'
            $stopped.State | Should -Be 'Stopped'
            $stopped.Output | Should -BeNullOrEmpty -Because 'a stopped load returns no model'
            $stopped.Errors | Should -BeNullOrEmpty
            @(Get-NorskModelInfo -Loaded | Where-Object Path -EQ $repacked).Count | Should -Be 0

            # A load that went on after the stop would be cached by now (loads take turns), and this one would reuse it.
            $next = Import-NorskModel -LiteralPath $repacked -PassThru -Verbose 4>&1
            @($next | Where-Object { "$_" -like 'llama.cpp: llama_model_loader: loaded meta data*' }).Count | Should -Be 1
            ($next | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }).IsLoaded | Should -BeTrue
            @(Get-NorskModelInfo -Loaded | Where-Object Path -EQ $repacked).Count | Should -Be 1
            Remove-NorskModel -All
        }
    }
}
