BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'batches.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'batches'; ContextLength = 2048; Seed = 12 } | Out-Null
    $run = @{ ModelPath = $model; ContextSize = 512; MaxTokens = 12; BatchSize = 2 }
    # Each starts with another letter, so two prompts share exactly the instruction's part.
    $texts = @(
        'Blåbær vokser i skogen om sommeren.'
        'Oslo er en by i Norge med fjord og fjell.'
        'Hva er det du vil gjøre i dag?'
        'Takk for svar på spørsmål om teksten.'
    )
    $moreTexts = @(
        'Regnet faller på taket hele natten.'
        'Fiskere drar ut tidlig om morgenen.'
    )
    # Long enough that whole 64-token chunks of it can be reused under -Seed and saved to the prompt cache.
    $longInstruction = ('Les teksten nøye, tenk på hva den sier om mennesker og natur i Norge, ' * 4) + 'og skriv en kort oppsummering på norsk.'

    function Get-SharedPromptLength {
        <# The tokens the Alpaca prompts of two inputs share, as ConvertTo-NorskPrompt tokenises them. #>
        param([string]$Instruction, [string]$First, [string]$Second)
        $a = ($First | ConvertTo-NorskPrompt -Instruction $Instruction -ModelPath $model).Tokens
        $b = ($Second | ConvertTo-NorskPrompt -Instruction $Instruction -ModelPath $model).Tokens
        $n = 0
        while ($n -lt [Math]::Min($a.Count, $b.Count) - 1 -and $a[$n] -eq $b[$n]) {
            $n++
        }
        $n
    }

    $outerSwitch = $env:NORSK_PROMPT_CACHE
    $outerCacheDir = $env:NORSK_CACHE_DIR
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'Invoke-NorskInstruction in batches' {
    AfterEach {
        $env:NORSK_PROMPT_CACHE = $outerSwitch
        $env:NORSK_CACHE_DIR = $outerCacheDir
    }

    It 'reads the shared instruction once for all batches, and the second batch says it reused it' {
        $instruction = 'Fortell kort hva teksten handler om.'
        $shared = Get-SharedPromptLength $instruction $texts[0] $texts[1]
        $shared | Should -BeGreaterThan 8

        Remove-NorskModel -All
        $responses = $texts | Invoke-NorskInstruction $instruction @run

        @($responses).Count | Should -Be 4
        $responses[0..1] | ForEach-Object { $_.ReusedPromptTokenCount | Should -Be 0 }
        $responses[2..3] | ForEach-Object { $_.ReusedPromptTokenCount | Should -Be $shared }
        $responses | ForEach-Object { $_.ReusedPromptTokenCount | Should -BeLessThan $_.PromptTokenCount }
    }

    It 'starts the next call with the same instruction from what the last batch left' {
        $instruction = 'Skriv en tittel for teksten.'
        $shared = Get-SharedPromptLength $instruction $moreTexts[0] $moreTexts[1]
        $texts | Invoke-NorskInstruction $instruction @run | Out-Null

        $responses = $moreTexts | Invoke-NorskInstruction $instruction @run

        $responses | ForEach-Object { $_.ReusedPromptTokenCount | Should -Be $shared }
    }

    It 'gives the same greedy answers as one at a time when batches reuse the instruction' {
        $instruction = 'Gjenta den viktigste setningen.'
        $one = $texts | Invoke-NorskInstruction $instruction @run -BatchSize 1 -Temperature 0
        $two = $texts | Invoke-NorskInstruction $instruction @run -Temperature 0
        $two[2].ReusedPromptTokenCount | Should -BeGreaterThan 0
        $two.Content | Should -Be $one.Content
    }

    It 'gives the same seeded answers from a warm batch context as from a cold one, reusing whole 64-token chunks' {
        $env:NORSK_PROMPT_CACHE = 'off'
        $shared = Get-SharedPromptLength $longInstruction $texts[0] $texts[1]
        $chunks = [Math]::Floor($shared / 64) * 64
        $chunks | Should -BeGreaterThan 0

        Remove-NorskModel -All
        $cold = $texts | Invoke-NorskInstruction $longInstruction @run -Seed 31 -Temperature 1
        $warm = $texts | Invoke-NorskInstruction $longInstruction @run -Seed 31 -Temperature 1

        $cold[0].ReusedPromptTokenCount | Should -Be 0
        $cold[2].ReusedPromptTokenCount | Should -Be $chunks
        $warm | ForEach-Object { $_.ReusedPromptTokenCount | Should -Be $chunks }
        $warm.Content | Should -Be $cold.Content

        # The second batch alone, in a context made for it: what a warm larger one gave must not differ.
        Remove-NorskModel -All
        $alone = $texts[2..3] | Invoke-NorskInstruction $longInstruction @run -Seed 31 -Temperature 1
        $alone[0].ReusedPromptTokenCount | Should -Be 0
        $alone.Content | Should -Be $cold[2..3].Content
    }

    It 'saves the shared instruction to the prompt cache and a fresh start restores it' {
        $env:NORSK_CACHE_DIR = Join-Path $TestDrive "cache-$([guid]::NewGuid().ToString('N'))"
        $shared = Get-SharedPromptLength $longInstruction $texts[0] $texts[1]
        $chunks = [Math]::Floor($shared / 64) * 64

        Remove-NorskModel -All
        $first = $texts[0..1] | Invoke-NorskInstruction $longInstruction @run -Seed 8 -Temperature 1
        @(Get-ChildItem -LiteralPath $env:NORSK_CACHE_DIR -Filter *.nlpc).Count | Should -Be 1

        Remove-NorskModel -All
        $restored = $texts[0..1] | Invoke-NorskInstruction $longInstruction @run -Seed 8 -Temperature 1

        $first | ForEach-Object { $_.ReusedPromptTokenCount | Should -Be 0 }
        $restored | ForEach-Object { $_.ReusedPromptTokenCount | Should -Be $chunks }
        $restored.Content | Should -Be $first.Content
    }
}
