BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # What -Verbose and -Debug show by default: no switch sends llama.cpp's lines anywhere.
    Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
    # Only the warm context may give a prefix: a prompt cache file from another test would blur "reused".
    $env:NORSK_PROMPT_CACHE = '0'
    $model = Join-Path $TestDrive 'diagnostics.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'diagnostics'; ContextLength = 1024; Seed = 14 } | Out-Null
    $ask = @{ ModelPath = $model; MaxTokens = 6; Temperature = 0 }

    function Get-Text([object[]]$Records, [type]$Stream) {
        @($Records | Where-Object { $_ -is $Stream } | ForEach-Object { "$_" })
    }
}

AfterAll {
    Remove-Item Env:NORSK_PROMPT_CACHE, Env:NORSK_NATIVE_LOG -ErrorAction Ignore
    Remove-NorskModel -All
}

Describe 'Diagnostics' {
    BeforeEach {
        Remove-NorskModel -All
    }

    Context '-Verbose says what the module does' {
        It 'Import-NorskModel names the file, its load time and the KV cache, and no llama.cpp line' {
            $verbose = Get-Text (Import-NorskModel -Path $model -Verbose 4>&1) ([System.Management.Automation.VerboseRecord])

            $verbose | Where-Object { $_ -like 'llama.cpp:*' } | Should -BeNullOrEmpty
            $verbose | Where-Object { $_ -like "Loaded '$model' in * ms." } | Should -HaveCount 1
            $verbose | Where-Object { $_ -like 'Allocated the f16/f16 KV cache for 1,024 tokens (*) in * ms; *' } | Should -HaveCount 1
        }

        It 'the first Invoke-NorskChat names the file, load time, context, KV cache and tokens; the next says what it reused' {
            $first = Invoke-NorskChat 'Hei' @ask -Verbose 4>&1
            $verbose = Get-Text $first ([System.Management.Automation.VerboseRecord])
            $response = $first | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }

            $verbose | Where-Object { $_ -like 'llama.cpp:*' } | Should -BeNullOrEmpty
            $verbose | Where-Object { $_ -like "Loaded '$model' in * ms." } | Should -HaveCount 1
            $verbose | Where-Object { $_ -like 'Generated in a 1,024-token context (* cells allocated, f16/f16 KV cache).' } | Should -HaveCount 1
            $verbose | Should -Contain ("Read $($response.PromptTokenCount) prompt tokens (0 reused from the KV or prompt cache) " +
                "and wrote $($response.CompletionTokenCount) tokens in $($response.Duration.TotalSeconds.ToString('N2')) s.")

            $next = Invoke-NorskChat 'Hei' @ask -Verbose 4>&1
            $verbose = Get-Text $next ([System.Management.Automation.VerboseRecord])
            $response = $next | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }
            $response.ReusedPromptTokenCount | Should -BeGreaterThan 0
            $verbose | Should -Contain "'$model' was already loaded."
            $verbose | Where-Object { $_ -like "Read $($response.PromptTokenCount) prompt tokens ($($response.ReusedPromptTokenCount) reused *" } |
                Should -HaveCount 1
        }
    }

    Context "llama.cpp's own lines" {
        It 'go to the Debug stream under -Debug, and never to Verbose' {
            $records = Import-NorskModel -Path $model -Debug -Verbose 5>&1 4>&1
            $debug = Get-Text $records ([System.Management.Automation.DebugRecord])

            $debug | Where-Object { $_ -like 'llama.cpp: llama_model_loader: loaded meta data with * from *' } | Should -HaveCount 1
            $debug | Where-Object { $_ -like 'llama.cpp: llama_model_loader: - kv   0:*' } | Should -HaveCount 1
            Get-Text $records ([System.Management.Automation.VerboseRecord]) | Where-Object { $_ -like 'llama.cpp:*' } | Should -BeNullOrEmpty
        }

        It 'go to the Debug stream when $DebugPreference asks for it' {
            $DebugPreference = 'Continue'
            $records = Invoke-NorskChat 'Hei' @ask 5>&1
            $DebugPreference = 'SilentlyContinue'

            Get-Text $records ([System.Management.Automation.DebugRecord]) |
                Where-Object { $_ -like 'llama.cpp: llama_model_loader: loaded meta data*' } | Should -HaveCount 1
        }

        It 'stay away from both streams when nobody asks' {
            $records = Invoke-NorskChat 'Hei' @ask -Verbose -Debug:$false 5>&1 4>&1
            $records | Where-Object { "$_" -like 'llama.cpp:*' } | Should -BeNullOrEmpty
            $records | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] } | Should -HaveCount 1
        }

        It 'go to Verbose as a summary, with the detail under -Debug, when NORSK_NATIVE_LOG is on' {
            $env:NORSK_NATIVE_LOG = '1'
            try {
                $records = Import-NorskModel -Path $model -Verbose -Debug 4>&1 5>&1
            }
            finally {
                Remove-Item Env:NORSK_NATIVE_LOG
            }
            $verbose = Get-Text $records ([System.Management.Automation.VerboseRecord])
            $debug = Get-Text $records ([System.Management.Automation.DebugRecord])

            $verbose | Where-Object { $_ -like 'llama.cpp: llama_model_loader: loaded meta data with * from *' } | Should -HaveCount 1
            $verbose | Where-Object { $_ -like '*- kv   0:*' } | Should -BeNullOrEmpty
            $debug | Where-Object { $_ -like 'llama.cpp: llama_model_loader: - kv   0:*' } | Should -HaveCount 1
            $verbose | Where-Object { $_ -like "Loaded '$model' in * ms." } | Should -HaveCount 1
        }

        It 'stay off with NORSK_NATIVE_LOG=0' {
            $env:NORSK_NATIVE_LOG = '0'
            try {
                $verbose = Get-Text (Import-NorskModel -Path $model -Verbose 4>&1) ([System.Management.Automation.VerboseRecord])
            }
            finally {
                Remove-Item Env:NORSK_NATIVE_LOG
            }
            $verbose | Where-Object { $_ -like 'llama.cpp:*' } | Should -BeNullOrEmpty
            $verbose | Where-Object { $_ -like "Loaded '$model' in * ms." } | Should -HaveCount 1
        }
    }

    Context '-Debug without prompts' {
        It 'shows debug lines and warnings without asking, verbose lines only with -Verbose' {
            # -ContextSize past the trained 1,024 tokens warns: under -Debug, PowerShell would ask before it too.
            $records = Import-NorskModel -Path $model -ContextSize 2048 -Debug 5>&1 4>&1 3>&1

            Get-Text $records ([System.Management.Automation.DebugRecord]) | Should -Not -BeNullOrEmpty
            Get-Text $records ([System.Management.Automation.WarningRecord]) | Should -HaveCount 1
            Get-Text $records ([System.Management.Automation.VerboseRecord]) | Should -BeNullOrEmpty
        }

        It 'does not ask before each line in a real terminal' {
            if ($reason = Get-TerminalSkipReason) {
                Set-ItResult -Skipped -Because $reason
                return
            }
            $terminal = Start-TerminalPwsh -Script @"
Import-NorskModel -Path '$($model -replace "'", "''")' -ContextSize 2048 -Debug
Get-NorskModelInfo -Loaded -Debug | Out-Null
'IMPORT' + '-DONE'
"@
            try {
                $text = Read-Terminal $terminal -Until { param($t) $t -match 'IMPORT-DONE|Continue with this operation' }
            }
            finally {
                Stop-TerminalPwsh $terminal
            }
            $text | Should -Not -Match 'Continue with this operation'
            $text | Should -Match 'IMPORT-DONE'
            $text | Should -Match 'DEBUG: llama\.cpp: llama_model_loader: loaded meta data'
            $text | Should -Match 'WARNING: '
            $text | Should -Not -Match 'VERBOSE: '
        }
    }
}
