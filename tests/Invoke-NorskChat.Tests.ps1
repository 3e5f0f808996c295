BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'chat.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'chat'; ContextLength = 2048; KvHeads = 2; Seed = 3 } | Out-Null
    # Bigger, so generation takes long enough to be observed and interrupted.
    $slowModel = Join-Path $TestDrive 'slow.gguf'
    New-TestModel -Path $slowModel -Spec @{ Name = 'slow'; Layers = 6; Embedding = 512; Heads = 8; FeedForward = 1536; ContextLength = 8192; Seed = 4 } | Out-Null
    $chat = @{ ModelPath = $model; ContextSize = 1024 }
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'Invoke-NorskChat' {
    Context 'one message' {
        BeforeAll {
            $response = Invoke-NorskChat 'Hei! Hvordan går det?' @chat -MaxTokens 16 -Seed 42
        }

        It 'returns one response with the answer and its numbers' {
            @($response).Count | Should -Be 1
            $response | Should -BeOfType ([NorwegianLlama.NorskChatResponse])
            $response.Content | Should -Not -BeNullOrEmpty
            $response.Content | Should -BeExactly $response.Content.Trim()
            $response.CompletionTokenCount | Should -BeGreaterThan 0
            $response.CompletionTokenCount | Should -BeLessOrEqual 16
            $response.StopReason | Should -BeIn @('MaxTokens', 'EndOfSequence')
            $response.Model | Should -Be $model
            $response.Seed | Should -Be 42
            $response.Duration | Should -BeGreaterThan ([timespan]::Zero)
            $response.TimeToFirstToken | Should -BeLessOrEqual $response.Duration
        }

        It "uses the card's system prompt and counts exactly the prompt's tokens" {
            $expected = ConvertTo-NorskPrompt 'Hei! Hvordan går det?' -ModelPath $model
            $response.Prompt | Should -BeExactly $expected.Text
            $response.PromptTokenCount | Should -Be $expected.TokenCount
        }

        It 'records the whole conversation' {
            $response.Conversation.Role | Should -Be @('system', 'user', 'assistant')
            $response.Conversation[1].Content | Should -Be 'Hei! Hvordan går det?'
            $response.Conversation[2].Content | Should -Be $response.Content
        }

        It 'gives the same answer for the same seed' {
            (Invoke-NorskChat 'Hei! Hvordan går det?' @chat -MaxTokens 16 -Seed 42).Content | Should -BeExactly $response.Content
        }

        It 'gives another answer for another seed' {
            (Invoke-NorskChat 'Hei! Hvordan går det?' @chat -MaxTokens 16 -Seed 43).Content | Should -Not -BeExactly $response.Content
        }

        It 'is greedy and so repeatable at -Temperature 0' {
            $first = Invoke-NorskChat 'Hei' @chat -MaxTokens 12 -Temperature 0
            $second = Invoke-NorskChat 'Hei' @chat -MaxTokens 12 -Temperature 0
            $second.Content | Should -BeExactly $first.Content
            $second.Seed | Should -Not -Be $first.Seed
        }

        It 'prints nothing else when a script captures the response' {
            $result = Invoke-ChildPwsh -Script @"
Import-Module `$ModuleManifest
`$r = Invoke-NorskChat 'Hei' -ModelPath '$model' -ContextSize 1024 -MaxTokens 8 -Seed 1
'objects=' + @(`$r).Count + ' type=' + `$r.GetType().Name
"@
            $result.ExitCode | Should -Be 0 -Because $result.StdErr
            $result.StdOut.Trim() | Should -BeExactly 'objects=1 type=NorskChatResponse'
            $result.StdErr | Should -BeNullOrEmpty
        }
    }

    Context 'stopping' {
        It 'stops at -MaxTokens' {
            $r = Invoke-NorskChat 'Fortell om fjorden' @chat -MaxTokens 5 -Seed 7
            $r.CompletionTokenCount | Should -Be 5
            $r.StopReason | Should -Be 'MaxTokens'
        }

        It 'stops before a -Stop string and leaves it out' {
            $full = Invoke-NorskChat 'Fortell om fjorden' @chat -MaxTokens 40 -Seed 11
            $full.Content.Length | Should -BeGreaterThan 12
            $stop = $full.Content.Substring(8, 3)
            $cut = Invoke-NorskChat 'Fortell om fjorden' @chat -MaxTokens 40 -Seed 11 -Stop 'zzzz-not-there', $stop

            $cut.StopReason | Should -Be 'StopSequence'
            $cut.Content | Should -BeExactly $full.Content.Substring(0, $full.Content.IndexOf($stop)).Trim()
            $cut.Content | Should -Not -BeLike "*$stop*"
        }

        It 'stops when the context is full' {
            $r = Invoke-NorskChat 'Hei' -ModelPath $model -ContextSize 64 -SystemPrompt '' -MaxTokens 1000 -Seed 5
            $r.StopReason | Should -Be 'ContextFull'
            $r.PromptTokenCount + $r.CompletionTokenCount | Should -Be 64
        }
    }

    Context 'multi-turn' {
        BeforeAll {
            $first = Invoke-NorskChat 'Hei' @chat -MaxTokens 8 -Seed 1
            $second = $first | Invoke-NorskChat 'Fortell mer' @chat -MaxTokens 8 -Seed 2
        }

        It 'continues the conversation of a piped response' {
            $second.Conversation.Role | Should -Be @('system', 'user', 'assistant', 'user', 'assistant')
            $second.Conversation[2].Content | Should -Be $first.Content
            # The answer is a random model's: it may hold wildcard characters such as [ itself.
            $second.Prompt | Should -BeLike "*Hei ``[/INST``] $([WildcardPattern]::Escape($first.Content)) </s><s>``[INST``] Fortell mer ``[/INST``]"
        }

        It 'continues a conversation that went through <Via> the same way' -TestCases @(
            @{ Via = 'JSON'; RoundTrip = { param($r) $r | ConvertTo-Json -Depth 5 | ConvertFrom-Json } }
            @{ Via = 'Clixml'; RoundTrip = { param($r, $folder) $file = Join-Path $folder 'chat.xml'; $r | Export-Clixml -Path $file; Import-Clixml -Path $file } }
        ) {
            param($Via, $RoundTrip)
            $restored = & $RoundTrip $first $TestDrive
            $again = $restored | Invoke-NorskChat 'Fortell mer' @chat -MaxTokens 8 -Seed 2
            $again.Prompt | Should -BeExactly $second.Prompt
            $again.Content | Should -BeExactly $second.Content
        }

        It 'writes StopReason to JSON by name, and a response read back from that JSON continues the chat' {
            $cut = Invoke-NorskChat 'Hei' @chat -MaxTokens 1 -Seed 1
            $json = $cut | ConvertTo-Json -Depth 5

            $json | Should -Match '"StopReason": "MaxTokens"'
            $restored = $json | ConvertFrom-Json
            $restored.StopReason | Should -Be 'MaxTokens'
            $again = $restored | Invoke-NorskChat 'Fortell mer' @chat -MaxTokens 2 -Seed 2
            $again.Conversation.Role | Should -Be @('system', 'user', 'assistant', 'user', 'assistant')
            $again.Conversation[2].Content | Should -Be $cut.Content
        }

        It 'refuses a piped response as the message itself' {
            $problems = $null
            $out = $first | Invoke-NorskChat @chat -MaxTokens 4 -ErrorAction SilentlyContinue -ErrorVariable problems 2>$null
            $out | Should -BeNullOrEmpty
            "$problems" | Should -Match 'is not a new message'
        }

        It 'treats an empty conversation as a new chat' {
            $r = Invoke-NorskChat 'Hei' -Conversation @() @chat -MaxTokens 2 -Seed 1
            $r.Conversation[0].Role | Should -Be 'system'
        }

        It 'takes a conversation of hashtables, without adding a system prompt' {
            $conversation = @(@{ Role = 'user'; Content = 'Hei' }, @{ Role = 'assistant'; Content = 'Hallo' })
            $r = Invoke-NorskChat 'Takk' -Conversation $conversation @chat -MaxTokens 4 -Seed 1
            $r.Prompt | Should -BeLike '<s>`[INST`] Hei `[/INST`] Hallo </s><s>`[INST`] Takk `[/INST`]'
            $r.Conversation.Count | Should -Be 4
        }

        It 'leaves out the oldest turns, with a warning, when the conversation outgrows the context' {
            $conversation = foreach ($i in 1..12) {
                @{ Role = 'user'; Content = "Spørsmål $i om fjell og fjorder i Norge" }
                @{ Role = 'assistant'; Content = "Svar $i om blåbær og grønn skog" }
            }
            $r = Invoke-NorskChat 'Siste spørsmål' -Conversation $conversation -SystemPrompt 'Svar kort.' -ModelPath $model -ContextSize 256 -MaxTokens 16 -Seed 1 -WarningVariable warnings -WarningAction SilentlyContinue

            $warnings | Should -Not -BeNullOrEmpty
            $r.PromptTokenCount | Should -BeLessOrEqual (256 - 16)
            $r.Prompt | Should -BeLike '<s>`[INST`] <<SYS>>*Svar kort.*'
            $r.Prompt | Should -BeLike '*Siste spørsmål `[/INST`]'
            $r.Prompt | Should -Not -BeLike '*Spørsmål 1 om*'
            $r.Conversation.Count | Should -Be 27
            # Exactly the oldest pairs go, and no more than needed: the warning's count is where the prompt starts.
            $dropped = [int]([regex]::Match("$warnings", 'the oldest (\d+) question').Groups[1].Value)
            $dropped | Should -BeGreaterThan 0
            $r.Prompt | Should -Not -BeLike "*Spørsmål $dropped om*"
            $r.Prompt | Should -BeLike "*Spørsmål $($dropped + 1) om*"
            # One pair fewer dropped would not have fitted the 256 - 16 tokens left for the prompt.
            $oneMore = ConvertTo-NorskPrompt 'Siste spørsmål' -Conversation @($conversation | Select-Object -Skip (2 * ($dropped - 1))) -SystemPrompt 'Svar kort.' -ModelPath $model
            $oneMore.TokenCount | Should -BeGreaterThan (256 - 16)
        }

        It 'reports a message that cannot fit the context alone' {
            $long = (1..300 | ForEach-Object { 'blåbær' }) -join ' '
            Invoke-NorskChat $long -ModelPath $model -ContextSize 128 -SystemPrompt '' -ErrorAction SilentlyContinue -ErrorVariable problems |
                Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'PromptExceedsContext,*'
            $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $problems[0].Exception.Message | Should -Match 'needs \d+ tokens but only \d+ of the context''s 128'
        }
    }

    Context 'prefix reuse' {
        BeforeAll {
            $greedy = @{ ModelPath = $model; ContextSize = 1024; Temperature = 0; MaxTokens = 8 }
            # Warm contexts only: a prefix restored from the prompt cache on disk would make cold runs warm.
            $env:NORSK_PROMPT_CACHE = '0'
        }

        AfterAll {
            Remove-Item Env:NORSK_PROMPT_CACHE -ErrorAction Ignore
        }

        It 'decodes only the new turn and answers as a cold run does' {
            Remove-NorskModel -All
            $first = Invoke-NorskChat 'Hei' @greedy
            $first.ReusedPromptTokenCount | Should -Be 0
            $warm = $first | Invoke-NorskChat 'Fortell mer' @greedy
            # The whole first prompt was in the KV cache already (and the answer too, where its text
            # tokenises back to the tokens generated); only the rest is decoded.
            $warm.ReusedPromptTokenCount | Should -BeGreaterOrEqual $first.PromptTokenCount
            $warm.ReusedPromptTokenCount | Should -BeLessOrEqual ($first.PromptTokenCount + $first.CompletionTokenCount)
            $warm.ReusedPromptTokenCount | Should -BeLessThan $warm.PromptTokenCount

            Remove-NorskModel -All
            $cold = $first | Invoke-NorskChat 'Fortell mer' @greedy
            $cold.ReusedPromptTokenCount | Should -Be 0
            $warm.Content | Should -BeExactly $cold.Content
        }

        It 'stays correct when conversations branch and alternate' {
            Remove-NorskModel -All
            $root = Invoke-NorskChat 'Hei' @greedy
            $left = $root | Invoke-NorskChat 'Fortell om fjorden' @greedy
            $right = $root | Invoke-NorskChat 'Fortell om fjellet' @greedy
            $leftAgain = $left | Invoke-NorskChat 'Takk' @greedy
            $rightAgain = $right | Invoke-NorskChat 'Takk' @greedy
            $right.ReusedPromptTokenCount | Should -BeGreaterThan 0

            Remove-NorskModel -All
            ($left | Invoke-NorskChat 'Takk' @greedy).Content | Should -BeExactly $leftAgain.Content
            Remove-NorskModel -All
            ($right | Invoke-NorskChat 'Takk' @greedy).Content | Should -BeExactly $rightAgain.Content
        }

        It 'gives a seeded answer that does not depend on what the cache held' {
            $seeded = @{ ModelPath = $model; ContextSize = 1024; MaxTokens = 24; Seed = 99; Temperature = 1 }
            Remove-NorskModel -All
            $first = Invoke-NorskChat 'Hei' @seeded
            $cold = $first | Invoke-NorskChat 'Fortell mer om fjorden' @seeded
            $warm = $first | Invoke-NorskChat 'Fortell mer om fjorden' @seeded
            $warm.ReusedPromptTokenCount | Should -BeGreaterThan 0
            $warm.ReusedPromptTokenCount % 64 | Should -Be 0
            $warm.Content | Should -BeExactly $cold.Content
            Remove-NorskModel -All
            ($first | Invoke-NorskChat 'Fortell mer om fjorden' @seeded).Content | Should -BeExactly $cold.Content
        }

        It 'reuses the default system prompt across new chats' {
            Remove-NorskModel -All
            $null = Invoke-NorskChat 'Hei' @greedy
            $other = Invoke-NorskChat 'Hva er klokka?' @greedy
            $systemOnly = (ConvertTo-NorskPrompt '' -ModelPath $model).TokenCount
            $other.ReusedPromptTokenCount | Should -BeGreaterThan ($systemOnly - 5)
        }
    }

    Context 'streaming' {
        It 'writes text pieces that make up the answer, in order' {
            $whole = Invoke-NorskChat 'Skriv et dikt' @chat -MaxTokens 30 -Seed 9
            $pieces = @(Invoke-NorskChat 'Skriv et dikt' @chat -MaxTokens 30 -Seed 9 -Stream)
            $pieces.Count | Should -BeGreaterThan 1
            $pieces | ForEach-Object { $_ | Should -BeOfType ([string]) }
            ($pieces -join '').Trim() | Should -BeExactly $whole.Content
        }

        It 'hands out the first piece while later ones are still being generated' {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $arrivals = Invoke-NorskChat 'Skriv et dikt' -ModelPath $slowModel -ContextSize 512 -SystemPrompt '' -MaxTokens 120 -Temperature 1 -Seed 3 -Stream |
                ForEach-Object { $clock.Elapsed.TotalMilliseconds }
            @($arrivals).Count | Should -BeGreaterThan 10
            @($arrivals | Sort-Object -Unique).Count | Should -BeGreaterThan 5
            $arrivals[0] | Should -BeLessThan $arrivals[-1]
        }
    }

    Context 'Ctrl+C' {
        It 'stops within a second and leaves the model usable' {
            $script = "Invoke-NorskChat 'Skriv et langt dikt' -ModelPath '$slowModel' -ContextSize 8192 -SystemPrompt '' -MaxTokens 8000 -Temperature 1 -Seed 1 -Stream"
            $stopped = Invoke-Stopped -Script $script -Until { param($ps, $output) $output.Count -ge 3 }

            $stopped.ConditionMet | Should -BeTrue -Because 'generation should have started'
            $stopped.Output.Count | Should -BeGreaterOrEqual 3
            $stopped.StopDuration.TotalMilliseconds | Should -BeLessThan 1000
            $stopped.State | Should -Be 'Stopped'

            (Get-NorskModelInfo -LiteralPath $slowModel).IsLoaded | Should -BeTrue
            $after = Invoke-NorskChat 'Hei' -ModelPath $slowModel -ContextSize 512 -SystemPrompt '' -MaxTokens 3 -Seed 1
            $after.CompletionTokenCount | Should -BeGreaterThan 0
        }
    }

    Context 'parameters and model choice' {
        It 'rejects -<Name> <Value> before any native work' -TestCases @(
            @{ Name = 'Temperature'; Value = -0.5 }
            @{ Name = 'TopP'; Value = 1.5 }
            @{ Name = 'MinP'; Value = -1 }
            @{ Name = 'TopK'; Value = -1 }
            @{ Name = 'MaxTokens'; Value = 0 }
            @{ Name = 'Seed'; Value = -1 }
            @{ Name = 'RepeatPenalty'; Value = 100 }
            @{ Name = 'ContextSize'; Value = 8 }
            @{ Name = 'Threads'; Value = 0 }
        ) {
            param($Name, $Value)
            $arguments = @{ $Name = $Value }
            { Invoke-NorskChat 'Hei' @arguments -ModelPath $model } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,NorwegianLlama.Commands.InvokeNorskChatCommand'
        }

        It 'uses $env:NORSK_MODEL_PATH when -ModelPath is not given' {
            Remove-NorskModel -All
            $env:NORSK_MODEL_PATH = $model
            try {
                (Invoke-NorskChat 'Hei' -ContextSize 1024 -MaxTokens 2 -Seed 1).Model | Should -Be $model
            }
            finally {
                Remove-Item Env:NORSK_MODEL_PATH
            }
        }

        It 'names $env:NORSK_MODEL_PATH as the source of a path that does not exist, and says what to do' {
            $missing = Join-Path $TestDrive 'nope/model.gguf'
            $env:NORSK_MODEL_PATH = $missing
            try {
                $record = { Invoke-NorskChat 'Hei' -MaxTokens 2 } | Should -Throw -PassThru
            }
            finally {
                Remove-Item Env:NORSK_MODEL_PATH
            }

            $record.FullyQualifiedErrorId | Should -Be 'ModelFileNotFound,NorwegianLlama.Commands.InvokeNorskChatCommand'
            $record.ErrorDetails.Message | Should -Be "The model file '$missing' does not exist. The path came from `$env:NORSK_MODEL_PATH."
            $record.ErrorDetails.RecommendedAction | Should -BeLike '*$env:NORSK_MODEL_PATH*.gguf*Remove-Item Env:NORSK_MODEL_PATH*-ModelPath*'
            "$record" | Should -BeLike '*NORSK_MODEL_PATH*'
        }

        It 'leaves $env:NORSK_MODEL_PATH out of an error about -ModelPath' {
            $env:NORSK_MODEL_PATH = $model
            try {
                $record = { Invoke-NorskChat 'Hei' -ModelPath (Join-Path $TestDrive 'nope.gguf') } | Should -Throw -PassThru
            }
            finally {
                Remove-Item Env:NORSK_MODEL_PATH
            }

            $record.FullyQualifiedErrorId | Should -Be 'ModelFileNotFound,NorwegianLlama.Commands.InvokeNorskChatCommand'
            "$record" | Should -Not -BeLike '*NORSK_MODEL_PATH*'
            $record.ErrorDetails | Should -BeNullOrEmpty
        }

        It 'says how to name a model when there is none' {
            Remove-NorskModel -All
            { Invoke-NorskChat 'Hei' -ErrorAction Stop } | Should -Throw -ErrorId 'ModelNotSpecified,NorwegianLlama.Commands.InvokeNorskChatCommand'
        }

        It 'says <ErrorId> for a -ModelPath that is <Case>' -TestCases @(
            @{ Case = 'a folder'; Target = '.'; ErrorId = 'ModelPathIsDirectory' }
            @{ Case = 'not on the file system'; Target = 'Env:\PATH'; ErrorId = 'ModelPathNotFileSystem' }
        ) {
            param($Case, $Target, $ErrorId)
            $path = if ($Target -eq '.') { $TestDrive } else { $Target }
            { Invoke-NorskChat 'Hei' -ModelPath $path } | Should -Throw -ErrorId "$ErrorId,NorwegianLlama.Commands.InvokeNorskChatCommand"
        }

        It 'warns when -ContextSize is larger than the model was trained for' {
            $null = Invoke-NorskChat 'Hei' -ModelPath $model -ContextSize 4096 -SystemPrompt '' -MaxTokens 2 -Seed 1 -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings | Should -Not -BeNullOrEmpty
        }

        It 'reports the seed it chose on -Verbose' {
            $verbose = Invoke-NorskChat 'Hei' @chat -SystemPrompt '' -MaxTokens 2 -Stream -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$verbose" | Should -Match 'Sampling with -Seed \d+'
        }

        It 'refuses a model file that is not loadable' {
            $bad = Join-Path $TestDrive 'bad.gguf'
            Set-Content -LiteralPath $bad -Value 'ikke en modell'
            { Invoke-NorskChat 'Hei' -ModelPath $bad } | Should -Throw -ErrorId 'ModelFileNotGguf,NorwegianLlama.Commands.InvokeNorskChatCommand'
        }
    }

    Context 'KV cache types' {
        BeforeAll {
            # 2 heads of 32: wide enough for quantized KV types; chat.gguf's heads of 16 are not.
            $wide = Join-Path $TestDrive 'wide.gguf'
            New-TestModel -Path $wide -Spec @{ Name = 'wide'; Heads = 2; ContextLength = 2048; Seed = 3 } | Out-Null
            $wideChat = @{ ModelPath = $wide; ContextSize = 1024; MaxTokens = 6; Temperature = 0 }
            $env:NORSK_PROMPT_CACHE = '0'
            # llama.cpp's own lines reach -Verbose only with NORSK_NATIVE_LOG on.
            $env:NORSK_NATIVE_LOG = '1'

            function Get-KvCacheLine {
                <# llama.cpp's own line naming the types of the context a call allocated. #>
                param([object[]]$Output)
                $Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" } |
                    Where-Object { $_ -like 'llama.cpp: llama_kv_cache: size = *' }
            }
        }

        AfterAll {
            Remove-Item Env:NORSK_PROMPT_CACHE -ErrorAction Ignore
            Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
        }

        It 'uses <Expected> for -KvCacheType <Types>' -TestCases @(
            @{ Types = @('Q4_0'); Expected = 'K (q4_0)*V (q4_0)' }
            @{ Types = @('Q4_0', 'Q8_0'); Expected = 'K (q4_0)*V (q8_0)' }
            @{ Types = @('F16'); Expected = 'K (f16)*V (f16)' }
        ) {
            param($Types, $Expected)
            Remove-NorskModel -All
            $output = Invoke-NorskChat 'Hei' @wideChat -KvCacheType $Types -Verbose 4>&1

            Get-KvCacheLine $output | Should -BeLike "*$Expected*"
            $answer = $output | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }
            $answer | Should -HaveCount 1
            $answer.CompletionTokenCount | Should -BeGreaterThan 0
        }

        It 'uses f16 keys and values by default, whatever the heads' {
            Remove-NorskModel -All
            Get-KvCacheLine (Invoke-NorskChat 'Hei' @wideChat -Verbose 4>&1) | Should -BeLike '*K (f16)*V (f16)*'
            Get-KvCacheLine (Invoke-NorskChat 'Hei' @chat -MaxTokens 2 -Verbose 4>&1) | Should -BeLike '*K (f16)*V (f16)*'
        }

        It 'never reuses a warm context of other KV types' {
            Remove-NorskModel -All
            $null = Invoke-NorskChat 'Hei' @wideChat
            (Invoke-NorskChat 'Hei' @wideChat).ReusedPromptTokenCount | Should -BeGreaterThan 0
            $other = Invoke-NorskChat 'Hei' @wideChat -KvCacheType Q8_0 -Verbose 4>&1
            ($other | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }).ReusedPromptTokenCount | Should -Be 0
            Get-KvCacheLine $other | Should -BeLike '*K (q8_0)*V (q8_0)*'
        }

        It 'refuses a quantized type the heads cannot take before llama.cpp sees it, and the shell goes on' {
            { Invoke-NorskChat 'Hei' @chat -KvCacheType F16, Q8_0 } |
                Should -Throw -ErrorId 'KvCacheTypeUnsupported,NorwegianLlama.Commands.InvokeNorskChatCommand'
            { Invoke-NorskChat 'Hei' @chat -KvCacheType Q4_0 } | Should -Throw -ExpectedMessage '*keys as q4_0*width is 16*'
            (Invoke-NorskChat 'Hei' @chat -KvCacheType F16 -MaxTokens 2 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
        }

        It 'rejects three KV cache types' {
            { Invoke-NorskChat 'Hei' @chat -KvCacheType F16, F16, F16 } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,NorwegianLlama.Commands.InvokeNorskChatCommand'
        }
    }
}
