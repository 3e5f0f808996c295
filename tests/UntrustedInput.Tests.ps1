BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'untrusted.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'untrusted'; ContextLength = 2048; Seed = 3 } | Out-Null
    # Bigger, so an answer takes long enough for a time budget to cut it.
    $slowModel = Join-Path $TestDrive 'slow.gguf'
    New-TestModel -Path $slowModel -Spec @{ Name = 'slow'; Layers = 6; Embedding = 512; Heads = 8; FeedForward = 1536; ContextLength = 8192; Seed = 4 } | Out-Null
    $run = @{ ModelPath = $model; ContextSize = 1024; MaxTokens = 8; Seed = 1 }
    # 30,000 letters before the grammar lets the answer end: far more than 2 s of writing, and no early end-of-sequence.
    $longAnswer = "root ::= line{1000}`nline ::= [a-z]{30} `"\n`""
    $slow = @{ ModelPath = $slowModel; ContextSize = 8192; MaxTokens = 8000; Seed = 1; Grammar = $longAnswer }
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'Text from people and documents nobody checked' {
    Context 'lone surrogates' {
        It 'answers a message with one, after a warning naming the message and its position' {
            $response = Invoke-NorskChat ('Hei ' + [char]0xD800 + ' på deg') @run -WarningVariable warnings -WarningAction SilentlyContinue
            $response.Content | Should -Not -BeNullOrEmpty
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeLike 'The message holds 1 lone UTF-16 surrogate*character 5*'
            $response.Conversation[-2].Content | Should -BeExactly "Hei $([char]0xFFFD) på deg"
        }

        It 'answers an instruction input with them, naming the input' {
            $response = ('a' + [char]0xDC00 + 'b' + [char]0xD83D) | Invoke-NorskInstruction 'Oppsummer.' @run -WarningVariable warnings -WarningAction SilentlyContinue
            $response.Content | Should -Not -BeNullOrEmpty
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeLike 'The input ''InputObject`[1`]'' holds 2 lone UTF-16 surrogate*character 2*'
        }

        It 'answers with a system prompt holding one, naming -SystemPrompt' {
            $response = Invoke-NorskChat 'Hei' -SystemPrompt ([string][char]0xDFFF) @run -WarningVariable warnings -WarningAction SilentlyContinue
            $response.Content | Should -Not -BeNullOrEmpty
            $warnings[0].Message | Should -BeLike '-SystemPrompt holds 1 lone UTF-16 surrogate*character 1*'
            $response.Prompt | Should -BeLike "*$([char]0xFFFD)*"
        }

        # The fuzzer's case that took 4-21 s before: 100,000 high surrogates with no low one.
        It 'costs under a second for 100,000 of them in a <Where>' -ForEach @(
            @{ Where = 'message'; Call = { param($t) Invoke-NorskChat $t @run -ErrorAction SilentlyContinue 3>&1 } }
            @{ Where = 'system prompt'; Call = { param($t) Invoke-NorskChat 'Hei' -SystemPrompt $t @run -ErrorAction SilentlyContinue 3>&1 } }
            @{ Where = 'instruction input'; Call = { param($t) $t | Invoke-NorskInstruction 'Oppsummer.' @run -ErrorAction SilentlyContinue 3>&1 } }
        ) {
            $null = Invoke-NorskChat 'Hei' @run
            $text = ([string][char]0xD83D) * 100000
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $records = & $Call $text
            $clock.Stop()
            @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 1
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
        }

        It 'leaves surrogate pairs alone' {
            $response = Invoke-NorskChat 'Hei 👍' @run -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings.Count | Should -Be 0
            $response.Conversation[-2].Content | Should -BeExactly 'Hei 👍'
        }
    }

    # Tokenised in pieces, a run of characters no vocabulary piece joins is cut every 512 characters and costs
    # linear time; the limit is for runs that must be tokenised whole: with NORSK_TOKENIZE_IN_PIECES=0, or in a
    # vocabulary that joins such a character to others.
    Context 'runs of control and format characters' {
        AfterEach {
            Remove-Item Env:NORSK_TOKENIZE_IN_PIECES -ErrorAction Ignore
        }

        It 'refuses a message with more than 10,000 in a row when it must be tokenised whole' {
            $env:NORSK_TOKENIZE_IN_PIECES = '0'
            $record = { Invoke-NorskChat ('Hei' + [string]::new([char]0x200B, 10001)) @run -ErrorAction Stop } | Should -Throw -ErrorId 'TextControlRunTooLong,*' -PassThru
            $record.Exception.Message | Should -BeLike '*10,001 control or format characters in a row*U+200B*'
        }

        It 'refuses such an instruction input and answers the next one' {
            $env:NORSK_TOKENIZE_IN_PIECES = '0'
            $responses = @([string]::new([char]1, 20000), 'Hei' | Invoke-NorskInstruction 'Oppsummer.' @run -ErrorVariable failed -ErrorAction SilentlyContinue)
            $responses.Count | Should -Be 1
            $responses[0].Source | Should -Be 'InputObject[2]'
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'TextControlRunTooLong,*'
            $failed[0].TargetObject | Should -Be 'InputObject[1]'
        }

        It 'tokenises the same run in pieces by default, so only the context refuses it' {
            $prompt = ConvertTo-NorskPrompt -Instruction 'Oppsummer.' -InputObject ([string]::new([char]1, 20000)) -ModelPath $model
            $prompt.TokenCount | Should -BeGreaterThan 20000
            $responses = @([string]::new([char]1, 20000), 'Hei' | Invoke-NorskInstruction 'Oppsummer.' @run -ErrorVariable failed -ErrorAction SilentlyContinue)
            $responses.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'InputExceedsContext,*'
        }

        It 'answers runs of 10,000, the most allowed, and any number of newlines between them' {
            $text = [string]::new([char]0xFEFF, 10000) + "`n`n" + [string]::new([char]0xFEFF, 10000)
            (ConvertTo-NorskPrompt $text -ModelPath $model).TokenCount | Should -BeGreaterThan 20000
        }
    }

    Context 'limits on grammars' {
        It 'refuses a 100,000-value enum before anything native, even before finding the model' {
            $schema = '{"enum":[' + ((0..99999) -join ',') + ']}'
            { Invoke-NorskChat 'Velg' -ModelPath (Join-Path $TestDrive 'not-there.gguf') -JsonSchema $schema -ErrorAction Stop } |
                Should -Throw -ErrorId 'JsonSchemaTooLarge,*'
            $record = { Invoke-NorskChat 'Velg' @run -JsonSchema $schema -ErrorAction Stop } | Should -Throw -PassThru
            $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $record.Exception.Message | Should -BeLike "*100,000 values; at most 250*"
        }

        It 'answers under an enum of 250 values, the most allowed' {
            $schema = '{"enum":[' + ((1..250 | ForEach-Object { "`"verdi$_`"" }) -join ',') + ']}'
            $answer = Invoke-NorskChat 'Velg' @run -MaxTokens 32 -JsonSchema $schema -AsObject
            $answer | Should -BeLike 'verdi*'
        }

        It 'refuses a -Grammar with more alternatives than the limit' {
            $grammar = 'root ::= ' + ((0..10001 | ForEach-Object { "`"$_`"" }) -join ' | ')
            $record = { Invoke-NorskChat 'Velg' @run -Grammar $grammar -ErrorAction Stop } | Should -Throw -ErrorId 'GrammarTooLarge,*' -PassThru
            $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        }
    }

    Context '-TimeoutSeconds' {
        It 'ends a long answer near the budget with StopReason Timeout, keeps its text and leaves the model loaded' {
            $null = Invoke-NorskChat 'Hei' -ModelPath $slowModel -ContextSize 8192 -MaxTokens 1 -Seed 1
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $response = Invoke-NorskChat 'Skriv mye.' @slow -TimeoutSeconds 2
            $clock.Stop()
            $response.StopReason | Should -Be 'Timeout'
            $response.Content | Should -Not -BeNullOrEmpty
            $response.CompletionTokenCount | Should -BeGreaterThan 0
            # Bounds of correctness, not of speed: the budget was kept to, and not cut short.
            $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 1.5
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            (Get-NorskModelInfo -LiteralPath $slowModel).IsLoaded | Should -BeTrue
            (Invoke-NorskChat 'Hei' -ModelPath $slowModel -ContextSize 8192 -MaxTokens 3 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
        }

        It 'is not a stopped pipeline: the script goes on after it' {
            $after = & { Invoke-NorskChat 'Skriv mye.' @slow -TimeoutSeconds 1 | Out-Null; 'went on' }
            $after | Should -Be 'went on'
        }

        It 'is the whole call''s for Invoke-NorskInstruction: inputs it never reached get TimeoutBeforeAnswer' {
            $responses = @('første', 'andre', 'tredje' | Invoke-NorskInstruction 'Skriv mye.' @slow -BatchSize 1 -TimeoutSeconds 2 -ErrorVariable failed -ErrorAction SilentlyContinue)
            $responses.Count | Should -Be 1
            $responses[0].StopReason | Should -Be 'Timeout'
            $responses[0].Content | Should -Not -BeNullOrEmpty
            $failed.Count | Should -Be 2
            $failed.FullyQualifiedErrorId | Should -BeLike 'TimeoutBeforeAnswer,*'
            $failed[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $failed.TargetObject | Should -Be @('InputObject[2]', 'InputObject[3]')
        }

        It 'with -AsObject, an answer the budget cut short is an error, never half an object' {
            # At least 200 strings of 30 letters: far more than a second of writing.
            $schema = '{"type":"array","items":{"type":"string","minLength":30,"maxLength":30},"minItems":200}'
            $null = Invoke-NorskChat 'Gi meg JSON.' -ModelPath $slowModel -ContextSize 8192 -MaxTokens 8000 -Seed 1 -JsonSchema $schema -AsObject -TimeoutSeconds 1 -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'StructuredAnswerTruncated,*'
            $failed[0].Exception.Message | Should -BeLike '*(Timeout)*-TimeoutSeconds*'
        }
    }
}
