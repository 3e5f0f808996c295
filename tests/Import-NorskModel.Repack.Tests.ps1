BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # These tests read llama.cpp's own log lines, which reach -Verbose only with NORSK_NATIVE_LOG on.
    $env:NORSK_NATIVE_LOG = '1'
    # These tests count what is loaded, so they start from an empty process-wide cache.
    Remove-NorskModel -All

    # Q4_0 matrices are what llama.cpp repacks for the CPU; the F32 test models have nothing it repacks.
    $q4 = New-Q4_0TestModel -Path (Join-Path $TestDrive 'q4_0.gguf') -Seed 5
    $plainSpec = @{ Name = 'plain'; ContextLength = 1024; Seed = 3 }
    $plain = Join-Path $TestDrive 'plain.gguf'
    New-TestModel -Path $plain -Spec $plainSpec | Out-Null
    $adapter = Join-Path $TestDrive 'plain-lora.gguf'
    New-TestAdapter -Path $adapter -ModelSpec $plainSpec -Spec @{ Name = 'plain-lora' } | Out-Null

    function Get-LoadLine([object[]]$Records) {
        @($Records | ForEach-Object { "$_" } | Where-Object { $_ -like 'llama.cpp: llama_model_loader: loaded meta data*' })
    }
}

AfterAll {
    Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
    Remove-NorskModel -All
}

Describe 'Import-NorskModel -NoRepack' {
    AfterEach {
        Remove-NorskModel -All
    }

    It 'loads without repacking, says so, and answers' {
        $records = Import-NorskModel -Path $q4 -NoRepack -PassThru -Verbose 4>&1
        $info = $records | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }

        $info.IsLoaded | Should -BeTrue
        $info.Repacked | Should -BeFalse
        (Get-NorskModelInfo -Loaded).Repacked | Should -BeFalse
        $records | ForEach-Object { "$_" } | Should -Contain 'The weights are not repacked (-NoRepack): llama.cpp uses them as mapped from the file.'
        (Invoke-NorskChat 'Hei' -ModelPath $q4 -MaxTokens 8 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
    }

    It 'repacks by default, and says so' {
        $records = Import-NorskModel -Path $q4 -PassThru -Verbose 4>&1

        ($records | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }).Repacked | Should -BeTrue
        (Get-NorskModelInfo -Loaded).Repacked | Should -BeTrue
        $records | ForEach-Object { "$_" } | Should -Contain "The weights are repacked for this CPU (faster; llama.cpp's CPU_REPACK buffers take private memory)."
    }

    It 'passes the choice to llama.cpp, which makes CPU_REPACK buffers only when it may repack' {
        $repacked = Import-NorskModel -Path $q4 -Verbose 4>&1 | ForEach-Object { "$_" }
        Remove-NorskModel -All
        $mapped = Import-NorskModel -Path $q4 -NoRepack -Verbose 4>&1 | ForEach-Object { "$_" }

        $repacked | Where-Object { $_ -like 'llama.cpp: *CPU_REPACK model buffer size*' } | Should -HaveCount 1
        $mapped | Where-Object { $_ -like 'llama.cpp: *CPU_Mapped model buffer size*' } | Should -Not -BeNullOrEmpty
        $mapped | Where-Object { $_ -like '*CPU_REPACK*' } | Should -BeNullOrEmpty
    }

    It 'gives the same seeded answer with and without repacking (<Case>)' -TestCases @(
        @{ Case = 'Q4_0, repacked by default'; Model = 'q4' }
        @{ Case = 'F32, nothing to repack'; Model = 'plain' }
    ) {
        param($Case, $Model)
        $path = if ($Model -eq 'q4') { $q4 } else { $plain }
        $ask = @{ ModelPath = $path; MaxTokens = 24; Seed = 3 }

        Import-NorskModel -Path $path
        $withRepacking = Invoke-NorskChat 'Hei, hvordan går det?' @ask
        Import-NorskModel -Path $path -NoRepack
        $withoutRepacking = Invoke-NorskChat 'Hei, hvordan går det?' @ask

        $withRepacking.CompletionTokenCount | Should -BeGreaterThan 0
        $withoutRepacking.Content | Should -BeExactly $withRepacking.Content
    }

    It 'replaces weights loaded with the other choice, each time: one entry, loaded anew' {
        $first = Import-NorskModel -Path $q4 -Verbose 4>&1
        $other = Import-NorskModel -Path $q4 -NoRepack -PassThru -Verbose 4>&1
        $back = Import-NorskModel -Path $q4 -PassThru -Verbose 4>&1

        Get-LoadLine $first | Should -HaveCount 1
        Get-LoadLine $other | Should -HaveCount 1
        $other | ForEach-Object { "$_" } | Should -Contain "Unloaded '$q4' (every entry of it), whose weights were loaded with repacking."
        ($other | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }).Repacked | Should -BeFalse
        Get-LoadLine $back | Should -HaveCount 1
        $back | ForEach-Object { "$_" } | Should -Contain "Unloaded '$q4' (every entry of it), whose weights were loaded without repacking."
        $loaded = @(Get-NorskModelInfo -Loaded)
        $loaded | Should -HaveCount 1
        $loaded[0].Repacked | Should -BeTrue
    }

    It 'keeps one copy of the weights for the entries with and without adapters, and replaces them together' {
        Import-NorskModel -Path $plain -NoRepack
        $withAdapter = Import-NorskModel -Path $plain -LoraPath $adapter -NoRepack -PassThru -Verbose 4>&1

        Get-LoadLine $withAdapter | Should -BeNullOrEmpty -Because 'the adapter entry shares the weights already loaded'
        $entries = @(Get-NorskModelInfo -Loaded)
        $entries | Should -HaveCount 2
        $entries.Repacked | Should -Not -Contain $true

        # An entry with the other choice would need other weights: the file's entries all go, and one load replaces them.
        $repacked = Import-NorskModel -Path $plain -LoraPath $adapter -PassThru -Verbose 4>&1
        Get-LoadLine $repacked | Should -HaveCount 1
        $entries = @(Get-NorskModelInfo -Loaded)
        $entries | Should -HaveCount 1
        $entries[0].LoraPath | Should -Be @($adapter)
        $entries[0].Repacked | Should -BeTrue

        $plainAgain = Import-NorskModel -Path $plain -PassThru -Verbose 4>&1
        Get-LoadLine $plainAgain | Should -BeNullOrEmpty -Because 'the plain entry shares the repacked weights'
        @(Get-NorskModelInfo -Loaded) | Should -HaveCount 2
    }

    It 'lets a generation cmdlet with -ModelPath use the weights as loaded' {
        Import-NorskModel -Path $q4 -NoRepack
        $records = Invoke-NorskChat 'Hei' -ModelPath $q4 -MaxTokens 4 -Seed 1 -Verbose 4>&1

        Get-LoadLine $records | Should -BeNullOrEmpty
        $loaded = @(Get-NorskModelInfo -Loaded)
        $loaded | Should -HaveCount 1
        $loaded[0].Repacked | Should -BeFalse
    }

    It 'repacks when a generation cmdlet loads the file itself' {
        $null = Invoke-NorskChat 'Hei' -ModelPath $q4 -MaxTokens 4 -Seed 1

        (Get-NorskModelInfo -Loaded).Repacked | Should -BeTrue
    }

    Context 'Ctrl+C' {
        BeforeAll {
            # Repacking this one keeps llama.cpp busy for most of a second; mapped, it loads in milliseconds, too
            # soon to stop from here (tests/unit WeightsLoaderTests stop such a load from inside llama.cpp).
            $big = New-Q4_0TestModel -Path (Join-Path $TestDrive 'big-q4_0.gguf') -Layers 8 -Width 2048 -Heads 16 -FeedForward 5632 -Seed 9
        }

        It 'stops a -NoRepack import that waits for a load of the same file, and leaves that load alone' {
            $first = [powershell]::Create()
            try {
                $null = $first.AddScript("Import-Module '$($ModuleManifest -replace "'", "''")'; Import-NorskModel -LiteralPath '$big'")
                $firstDone = $first.BeginInvoke()
                $loading = {
                    $first.InvocationStateInfo.State -eq 'Running' -and
                    @($first.Streams.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.PercentComplete -gt 0 -and $_.PercentComplete -lt 50 }).Count -gt 0
                }
                $deadline = [datetime]::UtcNow.AddSeconds(60)
                while (-not (& $loading) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
                & $loading | Should -BeTrue -Because 'the repacking load should be under way'

                # The marker says the second import is about to start; loads take turns, so it waits for the first.
                $stopped = Invoke-Stopped -Script "Write-Verbose 'importing' -Verbose; Import-NorskModel -LiteralPath '$big' -NoRepack -PassThru" -Until {
                    param($ps)
                    @($ps.Streams.Verbose | Where-Object Message -EQ 'importing').Count -gt 0 -and (& $loading)
                }
                $first.EndInvoke($firstDone)
            }
            finally {
                $first.Dispose()
            }

            $stopped.ConditionMet | Should -BeTrue -Because 'the second import should have started while the first load ran'
            $stopped.StateAtStop | Should -Be 'Running'
            $stopped.State | Should -Be 'Stopped'
            $stopped.Output | Should -BeNullOrEmpty -Because 'a stopped import returns no model'
            $stopped.Errors | Should -BeNullOrEmpty
            # The stopped import never replaced the repacked weights the first one loaded.
            $loaded = @(Get-NorskModelInfo -Loaded)
            $loaded | Should -HaveCount 1
            $loaded[0].Repacked | Should -BeTrue

            $next = Import-NorskModel -LiteralPath $big -NoRepack -PassThru -Verbose 4>&1
            Get-LoadLine $next | Should -HaveCount 1
            ($next | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }).Repacked | Should -BeFalse
            @(Get-NorskModelInfo -Loaded) | Should -HaveCount 1
        }
    }

    It 'shows Repacked in the list view' {
        $text = Import-NorskModel -Path $q4 -NoRepack -PassThru | Format-List | Out-String -Width 200
        $text | Should -Match 'Repacked\s+: False'
    }
}
