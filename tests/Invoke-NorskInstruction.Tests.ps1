BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'instruction.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'instruction'; ContextLength = 4096; Seed = 8 } | Out-Null
    $slowModel = Join-Path $TestDrive 'slow.gguf'
    New-TestModel -Path $slowModel -Spec @{ Name = 'slow'; Layers = 6; Embedding = 512; Heads = 8; FeedForward = 1536; ContextLength = 4096; Seed = 4 } | Out-Null
    $run = @{ ModelPath = $model; ContextSize = 512; MaxTokens = 12; Seed = 21 }

    $folder = Join-Path $TestDrive 'docs'
    New-Item -ItemType Directory -Path $folder | Out-Null
    $texts = @(
        'Blåbær vokser i skogen om sommeren.'
        'Oslo er en by i Norge med fjord og fjell.'
        'Hva er det du vil gjøre i dag?'
        'Takk for svar på spørsmål om teksten.'
        'Søster og brødre går på fjellet hvert år.'
    )
    for ($i = 0; $i -lt $texts.Count; $i++) {
        Set-Content -LiteralPath (Join-Path $folder "doc$($i + 1).txt") -Value $texts[$i] -Encoding utf8NoBOM
    }
    $files = Get-ChildItem -LiteralPath $folder -Filter *.txt | Sort-Object Name
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'Invoke-NorskInstruction' {
    Context 'inputs' {
        It 'answers every file from Get-ChildItem, in input order, with -BatchSize 4' {
            $responses = $files | Invoke-NorskInstruction 'Oppsummer teksten.' @run -BatchSize 4
            @($responses).Count | Should -Be 5
            $responses | ForEach-Object { $_ | Should -BeOfType ([NorwegianLlama.NorskInstructionResponse]) }
            $responses.Source | Should -Be $files.FullName
            $responses.Instruction | Sort-Object -Unique | Should -Be 'Oppsummer teksten.'
            $responses[1].Input | Should -Be 'Oslo er en by i Norge med fjord og fjell.'
            $responses | ForEach-Object { $_.CompletionTokenCount | Should -BeGreaterThan 0 }
        }

        It 'matches the one-at-a-time answers when batched (greedy)' {
            $one = $files | Invoke-NorskInstruction 'Oppsummer teksten.' @run -BatchSize 1 -Temperature 0
            $four = $files | Invoke-NorskInstruction 'Oppsummer teksten.' @run -BatchSize 4 -Temperature 0
            $four.Content | Should -Be $one.Content
        }

        It 'renders the Alpaca prompt that ConvertTo-NorskPrompt shows' {
            $response = 'Blåbær og fjell' | Invoke-NorskInstruction 'Oversett til engelsk.' @run
            $prompt = 'Blåbær og fjell' | ConvertTo-NorskPrompt -Instruction 'Oversett til engelsk.' -ModelPath $model
            $response.PromptTokenCount | Should -Be $prompt.TokenCount
        }

        It 'answers the instruction alone when nothing is given to work on' {
            $response = Invoke-NorskInstruction 'Skriv et dikt om fjorden.' @run
            @($response).Count | Should -Be 1
            $response.Input | Should -BeNullOrEmpty
            $expected = ConvertTo-NorskPrompt -Instruction 'Skriv et dikt om fjorden.' -ModelPath $model
            $response.PromptTokenCount | Should -Be $expected.TokenCount
            $expected.Text | Should -Not -BeLike '*### Input:*'
        }

        It 'reports a path on an unknown drive and still answers the rest' {
            $responses = Invoke-NorskInstruction 'Oppsummer.' -LiteralPath 'nosuchdrive:/x.txt', $files[0].FullName @run -ErrorAction SilentlyContinue -ErrorVariable problems
            @($responses).Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InputPathNotFileSystem,*'
        }

        It 'numbers piped strings as their Source' {
            $responses = 'en', 'to', 'tre' | Invoke-NorskInstruction 'Oversett.' @run
            $responses.Source | Should -Be @('InputObject[1]', 'InputObject[2]', 'InputObject[3]')
        }

        It 'takes a whole file from Get-Content -Raw' {
            $response = Get-Content -Raw -LiteralPath $files[0].FullName | Invoke-NorskInstruction 'Oppsummer.' @run
            $response.Input | Should -Be $texts[0]
        }

        It 'takes files and strings mixed in one pipeline' {
            $responses = @($files[0], 'fri tekst om fjorden', $files[1]) | Invoke-NorskInstruction 'Oppsummer.' @run
            $responses.Source | Should -Be @($files[0].FullName, 'InputObject[1]', $files[1].FullName)
        }

        It 'expands wildcards in -Path' {
            (Invoke-NorskInstruction 'Oppsummer.' -Path (Join-Path $folder 'doc[12].txt') @run).Source |
                Should -Be @($files[0].FullName, $files[1].FullName)
        }

        It 'reads files as UTF-8 unless told otherwise, honouring byte order marks' {
            $latin1 = Join-Path $TestDrive 'latin1.txt'
            [System.IO.File]::WriteAllText($latin1, 'Blåbær på fjellet', [System.Text.Encoding]::Latin1)
            $bom = Join-Path $TestDrive 'utf16.txt'
            [System.IO.File]::WriteAllText($bom, 'Grønn skog', [System.Text.Encoding]::Unicode)

            (Invoke-NorskInstruction 'Oppsummer.' -LiteralPath $latin1 -Encoding latin1 @run).Input | Should -Be 'Blåbær på fjellet'
            (Invoke-NorskInstruction 'Oppsummer.' -LiteralPath $bom @run).Input | Should -Be 'Grønn skog'
        }

        It 'warns about a file that is not valid UTF-8, naming it and -Encoding, and answers it and the rest' {
            $latin1 = Join-Path $TestDrive 'syltetøy.txt'
            [System.IO.File]::WriteAllText($latin1, 'Blåbærsyltetøy', [System.Text.Encoding]::Latin1)

            $responses = Invoke-NorskInstruction 'Oppsummer.' -LiteralPath $files[0].FullName, $latin1, $files[1].FullName @run -WarningVariable warnings -WarningAction SilentlyContinue

            $responses.Source | Should -Be @($files[0].FullName, $latin1, $files[1].FullName)
            $responses[1].Input | Should -Be "Bl$([char]0xFFFD)b$([char]0xFFFD)rsyltet$([char]0xFFFD)y"
            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -Be ("'$latin1' is not valid utf-8: the bytes that are not were read as '$([char]0xFFFD)'. " +
                'Give the file''s encoding with -Encoding, e.g. -Encoding latin1 for Latin-1 (ISO-8859-1) text.')
        }

        It 'does not warn about a file read in the encoding -Encoding names' {
            $latin1 = Join-Path $TestDrive 'latin1-quiet.txt'
            [System.IO.File]::WriteAllText($latin1, 'Blåbærsyltetøy', [System.Text.Encoding]::Latin1)

            $response = Invoke-NorskInstruction 'Oppsummer.' -LiteralPath $latin1 -Encoding latin1 @run -WarningVariable warnings

            $response.Input | Should -Be 'Blåbærsyltetøy'
            $warnings | Should -BeNullOrEmpty
        }

        It 'reads the shared instruction only once when answering one at a time' {
            # Without -Seed every shared token is reused; a seeded run reuses only whole 64-token chunks.
            $responses = $files | Invoke-NorskInstruction 'Oppsummer teksten kort på norsk.' -ModelPath $model -ContextSize 512 -MaxTokens 12 -BatchSize 1
            $responses[0].ReusedPromptTokenCount | Should -BeLessThan $responses[0].PromptTokenCount
            $responses[1..4] | ForEach-Object { $_.ReusedPromptTokenCount | Should -BeGreaterThan 8 }
        }

        It 'gives the same answers for the same -Seed one at a time' {
            $first = $files | Invoke-NorskInstruction 'Skriv et dikt.' @run -BatchSize 1 -Seed 77
            $second = $files | Invoke-NorskInstruction 'Skriv et dikt.' @run -BatchSize 1 -Seed 77
            $second.Content | Should -Be $first.Content
            $first.Seed | Sort-Object -Unique | Should -Be 77
        }
    }

    Context 'bad items do not stop the others' {
        It 'reports one missing file among five good ones and answers the five' {
            $paths = @($files[0].FullName, $files[1].FullName, (Join-Path $folder 'borte.txt'), $files[2].FullName, $files[3].FullName, $files[4].FullName)
            $responses = Invoke-NorskInstruction 'Oppsummer.' -LiteralPath $paths @run -BatchSize 4 -ErrorAction SilentlyContinue -ErrorVariable problems

            @($responses).Count | Should -Be 5
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InputFileNotFound,*'
            $problems[0].TargetObject | Should -Be (Join-Path $folder 'borte.txt')
            $responses.Source | Should -Be $files.FullName
        }

        It 'reports <Case> as <ErrorId> naming its Source' -TestCases @(
            @{ Case = 'an empty string'; Text = '   '; ErrorId = 'InputEmpty' }
            @{ Case = 'binary text'; Text = "abc`0def"; ErrorId = 'InputBinary' }
        ) {
            param($Case, $Text, $ErrorId)
            $responses = 'før', $Text, 'etter' | Invoke-NorskInstruction 'Oppsummer.' @run -ErrorAction SilentlyContinue -ErrorVariable problems
            $responses.Source | Should -Be @('InputObject[1]', 'InputObject[3]')
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $problems[0].TargetObject | Should -Be 'InputObject[2]'
        }

        It 'reports an input too long for the context' {
            $long = (1..400 | ForEach-Object { 'blåbær' }) -join ' '
            $responses = 'kort', $long | Invoke-NorskInstruction 'Oppsummer.' -ModelPath $model -ContextSize 256 -MaxTokens 8 -ErrorAction SilentlyContinue -ErrorVariable problems
            @($responses).Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InputExceedsContext,*'
            $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $problems[0].TargetObject | Should -Be 'InputObject[2]'
        }
    }

    Context '-SplitLongInput' {
        It 'answers an input three times the context in overlapping parts and combines them' {
            $words = 'blåbær', 'fjell', 'fjord', 'skog', 'sjø', 'grønn', 'norsk', 'tekst'
            $long = (0..599 | ForEach-Object { $words[$_ % $words.Count] }) -join ' '
            $promptTokens = (ConvertTo-NorskPrompt -Instruction 'Oppsummer.' -InputObject $long -ModelPath $model).TokenCount
            $promptTokens | Should -BeGreaterThan (3 * 256)

            $response = $long | Invoke-NorskInstruction 'Oppsummer.' -ModelPath $model -ContextSize 256 -MaxTokens 16 -Seed 3 -SplitLongInput -BatchSize 4
            $response.ChunkCount | Should -BeGreaterOrEqual 4
            $response.Content | Should -Not -BeNullOrEmpty
            $response.PromptTokenCount | Should -BeLessOrEqual 256
            $response.Source | Should -Be 'InputObject[1]'
        }
    }

    Context 'output for scripts' {
        BeforeAll {
            $responses = $files[0..1] | Invoke-NorskInstruction 'Oppsummer.' @run
        }

        It 'exports to CSV with one row per input' {
            $csv = $responses | ConvertTo-Csv | ConvertFrom-Csv
            $csv.Count | Should -Be 2
            $csv[0].Source | Should -Be $files[0].FullName
            $csv[0].Content | Should -Be $responses[0].Content
            $csv[0].StopReason | Should -Be "$($responses[0].StopReason)"
        }

        It 'converts to JSON' {
            ($responses | ConvertTo-Json | ConvertFrom-Json).Content | Should -Be $responses.Content
        }

        It 'writes StopReason to JSON by name, as CSV does' {
            $cut = Invoke-NorskInstruction 'Oppsummer.' -InputObject 'Oslo er en by.' -ModelPath $model -ContextSize 512 -MaxTokens 1 -Seed 21
            $json = $cut | ConvertTo-Json

            $json | Should -Match '"StopReason": "MaxTokens"'
            ($json | ConvertFrom-Json).StopReason | Should -Be 'MaxTokens'
            $cut.StopReason | Should -Be ([NorwegianLlama.NorskStopReason]::MaxTokens)
        }

        It 'keeps its properties and views through remoting serialisation' {
            $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($responses[0]))
            $copy.pstypenames[0] | Should -Be 'Deserialized.NorwegianLlama.NorskInstructionResponse'
            $copy.Content | Should -Be $responses[0].Content
            $copy.PromptTokenCount | Should -Be $responses[0].PromptTokenCount
            ($copy | Format-Table | Out-String -Width 200) | Should -Match 'Source\s+StopReason\s+Tokens\s+Seconds\s+Content'
        }

        It 'streams text pieces with -Stream' {
            $pieces = @('Blåbær' | Invoke-NorskInstruction 'Oppsummer.' @run -Stream)
            $whole = 'Blåbær' | Invoke-NorskInstruction 'Oppsummer.' @run
            $pieces | ForEach-Object { $_ | Should -BeOfType ([string]) }
            ($pieces -join '').Trim() | Should -Be $whole.Content
        }
    }

    Context 'Ctrl+C' {
        It 'stops a batch promptly and keeps what was already written' {
            $script = "1..12 | ForEach-Object { ""dokument `$_ om fjell og fjord"" } | Invoke-NorskInstruction 'Skriv et langt dikt.' -ModelPath '$slowModel' -ContextSize 2048 -MaxTokens 100 -BatchSize 2 -Seed 1"
            $stopped = Invoke-Stopped -Script $script -Until { param($ps, $output) $output.Count -ge 2 } -Timeout ([timespan]::FromSeconds(120))

            $stopped.ConditionMet | Should -BeTrue -Because 'the first batch should have been answered'
            $stopped.Output.Count | Should -BeGreaterOrEqual 2
            $stopped.StopDuration.TotalSeconds | Should -BeLessThan 2
            $stopped.State | Should -Be 'Stopped'
            $stopped.Output.Count | Should -BeLessThan 12
            $stopped.Output[0].Source | Should -Be 'InputObject[1]'
        }
    }

    Context 'KV cache types' {
        BeforeAll {
            # llama.cpp's own lines reach -Verbose only with NORSK_NATIVE_LOG on.
            $env:NORSK_NATIVE_LOG = '1'
            # 2 heads of 32: wide enough for quantized KV types.
            $wide = Join-Path $TestDrive 'wide.gguf'
            New-TestModel -Path $wide -Spec @{ Name = 'wide'; Heads = 2; ContextLength = 2048; Seed = 8 } | Out-Null
        }

        AfterAll {
            Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
        }

        It 'answers a batch with -KvCacheType <Types>' -TestCases @(@{ Types = @('Q8_0', 'Q4_0') }, @{ Types = @('F16') }) {
            param($Types)
            $output = $texts | Invoke-NorskInstruction 'Oppsummer teksten.' -ModelPath $wide -ContextSize 512 -MaxTokens 4 -Seed 2 -BatchSize 4 -KvCacheType $Types -Verbose 4>&1
            $responses = $output | Where-Object { $_ -is [NorwegianLlama.NorskInstructionResponse] }
            $responses | Should -HaveCount $texts.Count
            $k, $v = if ($Types.Count -eq 1) { $Types[0], $Types[0] } else { $Types }
            $kvLines = $output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -like 'llama.cpp: llama_kv_cache: size = *' } |
                ForEach-Object { "$_" }
            $kvLines | Should -Not -BeNullOrEmpty
            $kvLines | Where-Object { $_ -notlike "*K ($($k.ToLowerInvariant()))*V ($($v.ToLowerInvariant()))*" } | Should -BeNullOrEmpty
        }

        It 'refuses a quantized type the heads cannot take' {
            { 'tekst' | Invoke-NorskInstruction 'Oppsummer teksten.' @run -KvCacheType Q8_0 } |
                Should -Throw -ErrorId 'KvCacheTypeUnsupported,NorwegianLlama.Commands.InvokeNorskInstructionCommand'
        }
    }
}
