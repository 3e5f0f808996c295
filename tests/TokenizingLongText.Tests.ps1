# Long texts are tokenised in pieces cut where no token can cross (just before a character no vocabulary piece
# joins): the same ids as one llama.cpp call, in time linear in the length, and stoppable between pieces.

BeforeDiscovery {
    # .ci/run exports the real Llama-2 vocabulary here from the npm package llama-tokenizer-js; the README's test
    # command alone does not, and then the comparison on it is skipped with its reason.
    $script:LlamaVocabulary = Join-Path (Split-Path -Parent $PSScriptRoot) 'output/testdeps/llama-2-vocabulary.json'
    $script:NoLlamaVocabulary = -not (Test-Path -LiteralPath $LlamaVocabulary)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'model.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'long-text'; Seed = 16 } | Out-Null

    function Get-TokenIds {
        <# ConvertTo-NorskPrompt's ids for a text, in pieces or (with NORSK_TOKENIZE_IN_PIECES=0) in one call. #>
        param([string]$ModelPath, [string]$Text, [switch]$Whole, [switch]$Instruction)
        if ($Whole) { $env:NORSK_TOKENIZE_IN_PIECES = '0' }
        try {
            if ($Instruction) {
                (ConvertTo-NorskPrompt -Instruction 'Oppsummer teksten.' -InputObject $Text -ModelPath $ModelPath).Tokens
            }
            else {
                (ConvertTo-NorskPrompt -Message $Text -ModelPath $ModelPath).Tokens
            }
        }
        finally {
            Remove-Item Env:NORSK_TOKENIZE_IN_PIECES -ErrorAction Ignore
        }
    }

    function New-NewlineMessage([int]$Count) { 'x' + ("`n" * $Count) + 'y' }
}

AfterAll {
    Remove-NorskModel -All
}

Describe 'Long texts tokenised in pieces' {
    Context 'the real Llama-2 vocabulary' -Skip:$NoLlamaVocabulary {
        BeforeAll {
            $llama = Join-Path $TestDrive 'llama-2-7b-shape.gguf'
            $vocabulary = [NorwegianLlama.TestModels.LlamaVocabularyFile]::Read($LlamaVocabulary)
            [NorwegianLlama.TestModels.SparseModelWriter]::Write($llama, [NorwegianLlama.TestModels.Llama2Shape]::Size7B, $vocabulary) | Out-Null
            $line = 'Blåbærsyltetøy på vaffel er godt, sa hun, og så ut av vinduet mot fjorden.'
        }

        It 'gives the ids of the whole text for <Name>' -ForEach @(
            @{ Name = 'prose in lines'; Text = (@(1..60 | ForEach-Object { "$_. Blåbærsyltetøy på vaffel er godt, sa hun." }) -join "`n") }
            @{ Name = 'a run of newlines'; Text = 'Start' + ("`n" * 3000) + 'slutt' }
            @{ Name = 'Windows line ends and code'; Text = (@(1..200 | ForEach-Object { "if (x == $_) { return y;`r" }) -join "`n") }
            @{ Name = 'tabs and indentation'; Text = (@(1..150 | ForEach-Object { "`t`tInnrykk $_`n    fire mellomrom" }) -join "`n") }
            @{ Name = 'emoji lines'; Text = ("🙂🎉 hei`n" * 400) }
            @{ Name = 'one emoji repeated'; Text = ('🙂' * 3000) }
            @{ Name = 'emoji with skin tones, flags and combining marks'; Text = ("👍🏽🇳🇴e$([char]0x301)" * 800) }
            @{ Name = 'no line breaks at all'; Text = ('ord ' * 800) }
        ) {
            $pieces = Get-TokenIds -ModelPath $llama -Text $Text
            $whole = Get-TokenIds -ModelPath $llama -Text $Text -Whole
            $pieces.Count | Should -BeGreaterThan 100
            $pieces | Should -Be $whole
            Get-TokenIds -ModelPath $llama -Text $Text -Instruction | Should -Be (Get-TokenIds -ModelPath $llama -Text $Text -Instruction -Whole)
        }

        It 'never joins a newline or a tab to a neighbour in this vocabulary, which is what the cuts rely on' {
            # The ids of a newline and a tab between words are their byte tokens, whatever surrounds them.
            $ids = Get-TokenIds -ModelPath $llama -Text "a`nb`tc" -Instruction
            $ids | Should -Contain 13
            $ids | Should -Contain 12
        }
    }
}

Describe 'A prompt of a million newlines' {
    It 'is refused with PromptExceedsContext, in time no worse than linear in its length' {
        Invoke-NorskChat 'Hei' -ModelPath $model -SystemPrompt '' -MaxTokens 2 | Out-Null
        $seconds = foreach ($count in 200000, 1000000) {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $outcome = Invoke-NorskChat (New-NewlineMessage $count) -ModelPath $model -SystemPrompt '' -MaxTokens 2 -ErrorVariable failed -ErrorAction SilentlyContinue
            $clock.Stop()
            $outcome | Should -BeNullOrEmpty
            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'PromptExceedsContext,*'
            $clock.Elapsed.TotalSeconds
        }
        # Five times the text; a tokenizer quadratic in it would take 25 times as long.
        ($seconds[1] / $seconds[0]) | Should -BeLessThan 10 -Because "200,000 took $($seconds[0]) s and 1,000,000 took $($seconds[1]) s"
    }

    # 200,000 newlines take a fraction of a second in all, too short to press Ctrl+C during; 5,000,000 take seconds.
    It 'stops within a second of Ctrl+C while <Count> newlines are tokenised, and the next call works' -ForEach @(
        @{ Count = 1000000 }
        @{ Count = 5000000 }
    ) {
        $script = "Invoke-NorskChat ('x' + (""``n"" * $Count) + 'y') -ModelPath '$model' -SystemPrompt '''' -MaxTokens 2"
        $stopped = Invoke-Stopped -Script $script -Delay ([timespan]::FromMilliseconds(300))
        $stopped.StateAtStop | Should -Be 'Running'
        $stopped.State | Should -Be 'Stopped'
        $stopped.StopDuration.TotalSeconds | Should -BeLessThan 1
        (Invoke-NorskChat 'Hei' -ModelPath $model -SystemPrompt '' -MaxTokens 2).StopReason | Should -Not -BeNullOrEmpty
    }
}
