BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'untrusted.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'untrusted'; ContextLength = 2048; Seed = 3 } | Out-Null
    $run = @{ ModelPath = $model; ContextSize = 1024; MaxTokens = 8; Seed = 1 }
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

        It 'leaves surrogate pairs alone' {
            $response = Invoke-NorskChat 'Hei 👍' @run -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings.Count | Should -Be 0
            $response.Conversation[-2].Content | Should -BeExactly 'Hei 👍'
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
}
