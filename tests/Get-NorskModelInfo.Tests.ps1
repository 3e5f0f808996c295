BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-NorskModelInfo' {
    Context 'reports the shape a model was generated with' {
        It 'reads <Name> field by field' -TestCases @(
            @{ Name = 'default F32'; Spec = @{ Name = 'norsk-a'; Layers = 2; Embedding = 64; Heads = 4; KvHeads = 4; FeedForward = 128; ContextLength = 256; TensorType = 'F32' } }
            @{ Name = 'GQA F16'; Spec = @{ Name = 'norsk-gqa'; Layers = 3; Embedding = 128; Heads = 8; KvHeads = 2; FeedForward = 256; ContextLength = 512; TensorType = 'F16' } }
            @{ Name = 'single layer'; Spec = @{ Name = 'norsk-c'; Layers = 1; Embedding = 32; Heads = 2; KvHeads = 1; FeedForward = 96; ContextLength = 128; TensorType = 'F32'; TiedOutput = $true } }
        ) {
            param($Name, $Spec)
            $path = Join-Path $TestDrive "$($Spec.Name).gguf"
            $summary = New-TestModel -Path $path -Spec $Spec

            $info = Get-NorskModelInfo -LiteralPath $path

            $info | Should -BeOfType ([NorwegianLlama.NorskModelInfo])
            $info.Name | Should -Be $Spec.Name
            $info.Path | Should -Be $summary.Path
            $info.SizeBytes | Should -Be (Get-Item -LiteralPath $path).Length
            $info.Architecture | Should -Be 'llama'
            $info.FileType | Should -Be $Spec.TensorType
            $info.ContextLength | Should -Be $Spec.ContextLength
            $info.EmbeddingLength | Should -Be $Spec.Embedding
            $info.BlockCount | Should -Be $Spec.Layers
            $info.FeedForwardLength | Should -Be $Spec.FeedForward
            $info.HeadCount | Should -Be $Spec.Heads
            $info.HeadCountKv | Should -Be $Spec.KvHeads
            $info.VocabularySize | Should -Be $summary.VocabularySize
            $info.TokenizerModel | Should -Be 'llama'
            $info.BosTokenId | Should -Be $summary.BosTokenId
            $info.EosTokenId | Should -Be $summary.EosTokenId
            $info.GgufVersion | Should -Be 3
            $info.TensorCount | Should -Be $summary.TensorCount
            $info.Metadata.Count | Should -Be $summary.KvCount
            $info.Metadata['general.architecture'] | Should -Be 'llama'
            $info.IsLoaded | Should -BeFalse
        }

        It 'counts parameters as the sum of tensor elements' {
            $spec = @{ Layers = 2; Embedding = 64; Heads = 4; KvHeads = 2; FeedForward = 160 }
            $path = Join-Path $TestDrive 'params.gguf'
            $summary = New-TestModel -Path $path -Spec $spec
            # Per layer: q and o are embd², k and v embd×kv-width, three ffn matrices, two norms.
            $kvWidth = 64 / 4 * 2
            $perLayer = 2 * 64 * 64 + 2 * 64 * $kvWidth + 3 * 64 * 160 + 2 * 64
            $expected = 2 * $perLayer + 2 * 64 * $summary.VocabularySize + 64

            (Get-NorskModelInfo $path).ParameterCount | Should -Be $expected
            $summary.ParameterCount | Should -Be $expected
        }

        It 'shows the chat template when the model has one' {
            $path = Join-Path $TestDrive 'template.gguf'
            New-TestModel -Path $path -Spec @{ ChatTemplate = "{{ bos_token }}[INST] {{ content }} [/INST]" } | Out-Null
            (Get-NorskModelInfo $path).ChatTemplate | Should -Be "{{ bos_token }}[INST] {{ content }} [/INST]"
        }
    }

    Context 'binds files the way file cmdlets do' {
        BeforeAll {
            $folder = Join-Path $TestDrive 'models'
            New-Item -ItemType Directory -Path $folder | Out-Null
            foreach ($name in 'a.gguf', 'b.gguf', '[odd] name.gguf') {
                New-TestModel -Path (Join-Path $folder $name) -Spec @{ Name = $name; Seed = $name.Length } | Out-Null
            }
        }

        It 'takes files from Get-ChildItem' {
            $infos = Get-ChildItem -LiteralPath $folder -Filter *.gguf | Get-NorskModelInfo
            $infos.Name | Sort-Object | Should -Be @('[odd] name.gguf', 'a.gguf', 'b.gguf')
        }

        It 'expands wildcards in -Path' {
            (Get-NorskModelInfo -Path (Join-Path $folder '?.gguf')).Name | Sort-Object | Should -Be @('a.gguf', 'b.gguf')
        }

        It 'takes brackets literally with -LiteralPath' {
            (Get-NorskModelInfo -LiteralPath (Join-Path $folder '[odd] name.gguf')).Name | Should -Be '[odd] name.gguf'
        }

        It 'resolves paths relative to the current location' {
            Push-Location -LiteralPath $folder
            try {
                (Get-NorskModelInfo -Path ./a.gguf).Path | Should -Be (Join-Path $folder 'a.gguf')
            }
            finally {
                Pop-Location
            }
        }
    }

    Context 'bad files give ErrorRecords and the pipeline goes on' {
        BeforeAll {
            $good = Join-Path $TestDrive 'good.gguf'
            New-TestModel -Path $good | Out-Null
            $bytes = [System.IO.File]::ReadAllBytes($good)
            $truncated = Join-Path $TestDrive 'truncated.gguf'
            [System.IO.File]::WriteAllBytes($truncated, $bytes[0..1999])
            $text = Join-Path $TestDrive 'notes.gguf'
            Set-Content -LiteralPath $text -Value 'Hei! Dette er ingen modell.'
        }

        It 'reports <Case> as <ErrorId> (<Category>)' -TestCases @(
            @{ Case = 'a missing file'; Target = 'missing.gguf'; ErrorId = 'ModelFileNotFound'; Category = 'ObjectNotFound' }
            @{ Case = 'a text file'; Target = 'notes.gguf'; ErrorId = 'ModelFileNotGguf'; Category = 'InvalidData' }
            @{ Case = 'a truncated file'; Target = 'truncated.gguf'; ErrorId = 'ModelFileTruncated'; Category = 'InvalidData' }
            @{ Case = 'a folder'; Target = '.'; ErrorId = 'ModelPathIsDirectory'; Category = 'InvalidArgument' }
        ) {
            param($Case, $Target, $ErrorId, $Category)
            $path = Join-Path $TestDrive $Target
            $infos = Get-NorskModelInfo -LiteralPath $path, $good -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $problems[0].CategoryInfo.Category | Should -Be $Category
            $problems[0].TargetObject | Should -Not -BeNullOrEmpty
            # The good file after the bad one still answers.
            @($infos).Count | Should -Be 1
            $infos.Path | Should -Be $good
        }

        It 'is non-terminating, so -ErrorAction Stop turns it into an exception' {
            { Get-NorskModelInfo -LiteralPath (Join-Path $TestDrive 'missing.gguf') -ErrorAction Stop } |
                Should -Throw -ErrorId 'ModelFileNotFound,NorwegianLlama.Commands.GetNorskModelInfoCommand'
        }
    }

    Context 'views' {
        BeforeAll {
            $path = Join-Path $TestDrive 'view.gguf'
            New-TestModel -Path $path -Spec @{ Name = 'visning' } | Out-Null
            $info = Get-NorskModelInfo $path
        }

        It 'has a table view with human sizes' {
            $text = $info | Format-Table | Out-String -Width 200
            $text | Should -Match 'FileType\s+Parameters\s+Size\s+Context\s+Loaded\s+KV cache\s+Adapters\s+File'
            $text | Should -Match 'F32\s+\d+(\.\d)?K\s+\d+ KB\s+256\s+False\s+view\.gguf'
        }

        It 'fits the table of loaded models in 80 columns with the file names that tell them apart' {
            $other = Join-Path $TestDrive 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf'
            New-TestModel -Path $other -Spec @{ Name = 'visning' } | Out-Null
            try {
                Import-NorskModel -LiteralPath $path
                Import-NorskModel -LiteralPath $other
                $lines = @((Get-NorskModelInfo -Loaded | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })

                $lines[0] | Should -Match '^FileType\s+Parameters\s+Size\s+Context\s+Loaded\s+KV cache\s+Adapters\s+File$'
                $lines[1] | Should -Match '^[-\s]+$' -Because 'the header is one line, not wrapped'
                $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
                $rows = $lines | Select-Object -Skip 2
                $rows | Should -HaveCount 2
                @($rows | Where-Object { $_ -match 'view\.gguf$' }) | Should -HaveCount 1
                @($rows | Where-Object { $_ -match 'Llama-2-13b' }) | Should -HaveCount 1
            }
            finally {
                Remove-NorskModel -Path $path, $other
            }
        }

        It 'has a list view with every shape field' {
            $text = $info | Format-List | Out-String -Width 200
            foreach ($field in 'HeadCountKv', 'VocabularySize', 'BosTokenId', 'GgufVersion', 'TensorCount', 'IsLoaded') {
                $text | Should -Match "$field\s+:"
            }
            $text | Should -Match 'Metadata\s+: \d+ keys'
        }

        It 'shows the KV cache types of a loaded model, and none for a file' {
            $info.KvCacheType | Should -BeNullOrEmpty
            try {
                Import-NorskModel -LiteralPath $path -KvCacheType F16
                $loaded = Get-NorskModelInfo -Loaded | Where-Object Path -EQ $info.Path

                $loaded.KvCacheType | Should -BeExactly 'f16/f16'
                ($loaded | Format-Table | Out-String -Width 200) | Should -Match 'True\s+f16/f16'
                ($loaded | Format-List | Out-String -Width 200) | Should -Match 'KvCacheType\s+: f16/f16'
            }
            finally {
                Remove-NorskModel -Path $path
            }
        }
    }

    Context 'corrupted files never take pwsh down' {
        It 'answers 240 corrupted variants with info or an ErrorRecord each' {
            $script = @'
Import-Module $ModuleManifest
Add-Type -Path $TestToolsAssembly
$original = [NorwegianLlama.TestModels.TestModelWriter]::CreateBuilder([NorwegianLlama.TestModels.TestModelSpec]@{ Layers = 1; Embedding = 32; Heads = 2; FeedForward = 64 }).ToArray()
$headerEnd = 9000  # well past the tensor table of this model, before most tensor data
$random = [System.Random]::new(2611)
$folder = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-fuzz-$PID"
New-Item -ItemType Directory -Path $folder -Force | Out-Null
$files = for ($i = 0; $i -lt 240; $i++) {
    $bytes = [byte[]]$original.Clone()
    switch ($i % 5) {
        0 { $bytes = $bytes[0..($random.Next(1, $bytes.Length - 1))] }                          # truncation
        1 { for ($k = 0; $k -lt 3; $k++) { $bytes[$random.Next(0, 24)] = [byte]$random.Next(256) } }  # header
        2 { $at = $random.Next(24, $headerEnd); $bytes[$at] = $bytes[$at] -bxor (1 -shl $random.Next(8)) }  # KV section and tensor table
        3 { $at = $random.Next(8, $headerEnd - 8); [BitConverter]::GetBytes([uint64]::MaxValue - [uint64]$random.Next(1000)).CopyTo($bytes, $at) }  # absurd counts and lengths
        4 { $at = $random.Next(16, $headerEnd - 8); [BitConverter]::GetBytes([int64]$random.Next()).CopyTo($bytes, $at) }  # wrong lengths
    }
    $file = Join-Path $folder "variant-$i.gguf"
    [System.IO.File]::WriteAllBytes($file, $bytes)
    $file
}
$infos = @(Get-NorskModelInfo -LiteralPath $files -ErrorAction SilentlyContinue -ErrorVariable problems)
$ids = $problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique
Remove-Item -LiteralPath $folder -Recurse -Force
[pscustomobject]@{ Files = $files.Count; Infos = $infos.Count; Errors = $problems.Count; ErrorIds = @($ids) } | ConvertTo-Json -Compress
'@
            $result = Invoke-ChildPwsh -Script $script

            $result.ExitCode | Should -Be 0 -Because $result.StdErr
            $report = $result.StdOut | ConvertFrom-Json
            $report.Files | Should -Be 240
            ($report.Infos + $report.Errors) | Should -Be 240
            $report.Errors | Should -BeGreaterThan 100
            foreach ($id in $report.ErrorIds) {
                $id | Should -BeIn @('ModelFileNotGguf', 'ModelGgufVersionUnsupported', 'ModelFileTruncated', 'ModelFileMalformed')
            }
        }
    }
}
