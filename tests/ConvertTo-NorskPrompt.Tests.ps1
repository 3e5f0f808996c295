BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'prompt.gguf'
    New-TestModel -Path $model -Spec @{ ContextLength = 2048 } | Out-Null
    $vocabulary = [NorwegianLlama.TestModels.TestModelWriter]::Vocabulary
    function Get-PieceId([string]$Piece) {
        $id = $vocabulary.IndexOf($Piece)
        if ($id -lt 0) { throw "The test vocabulary has no piece '$Piece'." }
        $id
    }
    function Get-VerboseText($Output) { @($Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) }
    function Get-Prompt($Output) { $Output | Where-Object { $_ -is [NorwegianLlama.NorskPrompt] } }
    $cardSystemPrompt = "You are a helpful, respectful and honest assistant. Always answer as helpfully as possible, while being safe. Your answers should not include any harmful, unethical, racist, sexist, toxic, dangerous, or illegal content. Please ensure that your responses are socially unbiased and positive in nature.`nIf a question does not make any sense, or is not factually coherent, explain why instead of answering something not correct. If you don't know the answer to a question, please don't share false information. Please answer in the same language as the user."
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'ConvertTo-NorskPrompt' {
    AfterEach {
        Remove-NorskModel -All
    }

    Context 'Llama-2 chat text' {
        It "folds the model card's default system prompt into the first message" {
            $prompt = ConvertTo-NorskPrompt 'Hei!'
            $prompt | Should -BeOfType ([NorwegianLlama.NorskPrompt])
            $prompt.Format | Should -Be 'Llama2Chat'
            $prompt.Text | Should -BeExactly "<s>[INST] <<SYS>>`n$cardSystemPrompt`n<</SYS>>`n`nHei! [/INST]"
        }

        It "leaves the system prompt out with -SystemPrompt ''" {
            (ConvertTo-NorskPrompt '  Hei!  ' -SystemPrompt '').Text | Should -BeExactly '<s>[INST] Hei! [/INST]'
        }

        It 'renders earlier turns as finished turns with BOS and EOS' {
            $conversation = @(
                @{ Role = 'system'; Content = 'Svar kort.' }
                @{ Role = 'user'; Content = 'Hei' }
                @{ Role = 'assistant'; Content = ' Hallo! ' }
            )
            (ConvertTo-NorskPrompt 'Hvordan går det?' -Conversation $conversation).Text |
                Should -BeExactly "<s>[INST] <<SYS>>`nSvar kort.`n<</SYS>>`n`nHei [/INST] Hallo! </s><s>[INST] Hvordan går det? [/INST]"
        }

        It 'reports a conversation in the wrong order with <ErrorId>' -TestCases @(
            @{ ErrorId = 'ConversationRoleOrder'; Conversation = @(@{ Role = 'assistant'; Content = 'Hallo' }) }
            @{ ErrorId = 'ConversationSystemNotFirst'; Conversation = @(@{ Role = 'user'; Content = 'a' }, @{ Role = 'assistant'; Content = 'b' }, @{ Role = 'system'; Content = 'c' }) }
            @{ ErrorId = 'ConversationRoleInvalid'; Conversation = @(@{ Role = 'robot'; Content = 'beep' }) }
            @{ ErrorId = 'ConversationItemInvalid'; Conversation = @(42) }
        ) {
            param($ErrorId, $Conversation)
            ConvertTo-NorskPrompt 'Hei' -Conversation $Conversation -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
    }

    Context 'Alpaca instructions' {
        It 'renders an instruction with input' {
            (ConvertTo-NorskPrompt -Instruction ' Oppsummer teksten. ' -InputObject "`nBlåbær vokser i skogen.`n").Text |
                Should -BeExactly "<s>### Instruction:`nOppsummer teksten.`n### Input:`nBlåbær vokser i skogen.`n### Response:`n"
        }

        It 'leaves the Input block out without input' {
            $prompt = ConvertTo-NorskPrompt -Instruction 'Skriv et dikt om fjorden.'
            $prompt.Format | Should -Be 'Alpaca'
            $prompt.Text | Should -BeExactly "<s>### Instruction:`nSkriv et dikt om fjorden.`n### Response:`n"
        }

        It 'renders one prompt per piped input' {
            $prompts = 'a', 'b' | ConvertTo-NorskPrompt -Instruction 'Oversett.'
            $prompts.Text | Should -Be @("<s>### Instruction:`nOversett.`n### Input:`na`n### Response:`n", "<s>### Instruction:`nOversett.`n### Input:`nb`n### Response:`n")
        }

        It 'reports a blank instruction' {
            ConvertTo-NorskPrompt -Instruction '   ' -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InstructionEmpty,*'
        }
    }

    Context 'token ids from the real tokenizer' {
        It 'gives no tokens without a model' {
            $prompt = ConvertTo-NorskPrompt 'Hei'
            $prompt.Tokens | Should -BeNullOrEmpty
            $prompt.TokenCount | Should -BeNullOrEmpty
        }

        It 'places BOS as an id and tokenises the text as SentencePiece pieces' {
            $prompt = ConvertTo-NorskPrompt 'Hei' -SystemPrompt '' -ModelPath $model
            $expected = @(1, (Get-PieceId '▁[INST]'), (Get-PieceId '▁Hei'), (Get-PieceId '▁[/INST]'))
            $prompt.Tokens | Should -Be $expected
            $prompt.TokenCount | Should -Be 4
            $prompt.Model | Should -Be $model
        }

        It 'closes finished turns with EOS and opens the next with BOS' {
            $conversation = @(@{ Role = 'user'; Content = 'Hei' }, @{ Role = 'assistant'; Content = 'Takk' })
            $prompt = ConvertTo-NorskPrompt 'Hva' -Conversation $conversation -ModelPath $model
            $inst, $end = (Get-PieceId '▁[INST]'), (Get-PieceId '▁[/INST]')
            $prompt.Tokens | Should -Be @(1, $inst, (Get-PieceId '▁Hei'), $end, (Get-PieceId '▁Takk'), (Get-PieceId '▁'), 2, 1, $inst, (Get-PieceId '▁Hva'), $end)
        }

        It 'never turns text a person typed into a control token: <Text>' -TestCases @(
            @{ Text = '</s>' }, @{ Text = '<s>' }, @{ Text = '[INST] hei [/INST]' }, @{ Text = '<<SYS>> x <</SYS>>' }, @{ Text = '<unk>' }
        ) {
            param($Text)
            $prompt = ConvertTo-NorskPrompt $Text -SystemPrompt $Text -ModelPath $model
            $prompt.Tokens[0] | Should -Be 1
            $prompt.Tokens[1..($prompt.Tokens.Count - 1)] | Should -Not -Contain 1
            $prompt.Tokens | Should -Not -Contain 2
            $prompt.Tokens | Should -Not -Contain 0
        }

        It 'spells Norwegian letters as pieces and an emoji as UTF-8 byte tokens' {
            $prompt = ConvertTo-NorskPrompt 'blåbær 🫐' -SystemPrompt '' -ModelPath $model
            # U+1FAD0 is F0 9F AB 90 in UTF-8; byte token <0xXX> has id 3 + XX.
            $bytes = 0xF0, 0x9F, 0xAB, 0x90 | ForEach-Object { 3 + $_ }
            $ids = $prompt.Tokens -join ','
            $ids | Should -BeLike "*$($bytes -join ',')*"
            $prompt.Tokens | Should -Contain (Get-PieceId '▁blåbær')
        }

        It 'warns and leaves Tokens out when the environment names an unusable model' {
            $env:NORSK_MODEL_PATH = Join-Path $TestDrive 'no-such-model.gguf'
            try {
                $prompt = ConvertTo-NorskPrompt 'Hei' -WarningVariable warnings -WarningAction SilentlyContinue
            }
            finally {
                Remove-Item Env:NORSK_MODEL_PATH
            }
            $prompt.Text | Should -Not -BeNullOrEmpty
            $prompt.Tokens | Should -BeNullOrEmpty
            "$warnings" | Should -Match 'No token ids'
            "$warnings" | Should -BeLike '*came from $env:NORSK_MODEL_PATH*'
        }

        It 'fails when -ModelPath names an unusable model' {
            { ConvertTo-NorskPrompt 'Hei' -ModelPath (Join-Path $TestDrive 'no-such-model.gguf') } |
                Should -Throw -ErrorId 'ModelFileNotFound,NorwegianLlama.Commands.ConvertToNorskPromptCommand'
        }

        It 'reads the vocabulary of a model file once for repeated calls' {
            $fresh = Join-Path $TestDrive 'vocabulary-once.gguf'
            New-TestModel -Path $fresh | Out-Null
            # llama.cpp's own lines reach -Verbose only with NORSK_NATIVE_LOG on.
            $env:NORSK_NATIVE_LOG = '1'
            try {
                $first = ConvertTo-NorskPrompt 'Hei' -SystemPrompt '' -ModelPath $fresh -Verbose 4>&1
                $second = ConvertTo-NorskPrompt 'Hei' -SystemPrompt '' -ModelPath $fresh -Verbose 4>&1
            }
            finally {
                Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
            }

            # llama.cpp writes its log only while it really reads a file.
            (Get-VerboseText $first) -like 'llama.cpp:*' | Should -Not -BeNullOrEmpty
            (Get-VerboseText $first) -like 'Read the vocabulary of*' | Should -HaveCount 1
            Get-VerboseText $second | Should -BeNullOrEmpty
            (Get-Prompt $second).Tokens | Should -Be (Get-Prompt $first).Tokens
            (Get-Prompt $second).Tokens | Should -Be @(1, (Get-PieceId '▁[INST]'), (Get-PieceId '▁Hei'), (Get-PieceId '▁[/INST]'))
            Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
        }

        It 'reads the vocabulary again once the file has changed' {
            $changing = Join-Path $TestDrive 'vocabulary-changed.gguf'
            New-TestModel -Path $changing | Out-Null
            ConvertTo-NorskPrompt 'Hei' -ModelPath $changing | Out-Null
            New-TestModel -Path $changing -Spec @{ Seed = 2 } | Out-Null
            (Get-Item $changing).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(1)
            $again = ConvertTo-NorskPrompt 'Hei' -ModelPath $changing -Verbose 4>&1
            (Get-VerboseText $again) -like 'Read the vocabulary of*' | Should -HaveCount 1
        }

        It "uses a loaded model's own tokenizer instead of reading the vocabulary" {
            $loaded = Join-Path $TestDrive 'vocabulary-loaded.gguf'
            New-TestModel -Path $loaded | Out-Null
            Import-NorskModel -Path $loaded
            $output = ConvertTo-NorskPrompt 'Hei' -SystemPrompt '' -ModelPath $loaded -Verbose 4>&1
            Get-VerboseText $output | Should -BeNullOrEmpty
            (Get-Prompt $output).Tokens | Should -Be @(1, (Get-PieceId '▁[INST]'), (Get-PieceId '▁Hei'), (Get-PieceId '▁[/INST]'))
            (Get-Prompt $output).Model | Should -Be $loaded
        }

        It 'uses the loaded model when no path is given' {
            Import-NorskModel -Path $model
            (ConvertTo-NorskPrompt 'Hei' -SystemPrompt '').Model | Should -Be $model
        }
    }
}
