BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # These tests count what is loaded, so they start from an empty process-wide cache.
    Remove-NorskModel -All
}

Describe 'Import-NorskModel' {
    BeforeAll {
        $model = Join-Path $TestDrive 'cache.gguf'
        New-TestModel -Path $model -Spec @{ Name = 'cache'; KvHeads = 2 } | Out-Null
    }

    AfterEach {
        Remove-NorskModel -All
    }

    It 'loads a model into the cache and unloads it again' {
        $info = Import-NorskModel -Path $model -PassThru

        $info | Should -BeOfType ([NorwegianLlama.NorskModelInfo])
        $info.IsLoaded | Should -BeTrue
        (Get-NorskModelInfo $model).IsLoaded | Should -BeTrue
        (Get-NorskModelInfo -Loaded).Path | Should -Be $info.Path

        Remove-NorskModel -Path $model

        (Get-NorskModelInfo $model).IsLoaded | Should -BeFalse
        Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
    }

    It 'writes nothing without -PassThru' {
        Import-NorskModel -Path $model | Should -BeNullOrEmpty
    }

    It 'reuses the cached weights on a second import' {
        $first = Import-NorskModel -Path $model -Verbose 4>&1 | Where-Object { "$_" -like 'llama.cpp:*' }
        $second = Import-NorskModel -Path $model -Verbose 4>&1 | Where-Object { "$_" -like 'llama.cpp:*' }

        $first | Should -Not -BeNullOrEmpty
        $second | Should -BeNullOrEmpty
        @(Get-NorskModelInfo -Loaded).Count | Should -Be 1
    }

    It "routes llama.cpp's log to -Verbose" {
        $verbose = Import-NorskModel -Path $model -Verbose 4>&1 | ForEach-Object { "$_" }
        $loaderLine = $verbose | Where-Object { $_ -like 'llama.cpp: llama_model_loader: loaded meta data with * from *' }
        $loaderLine | Should -HaveCount 1
        $loaderLine | Should -BeLike "*$model*"
        # One GGUF key per line is llama.cpp's debug detail, not verbose output.
        $verbose | Where-Object { $_ -like '*- kv   0:*' } | Should -BeNullOrEmpty
    }

    It 'says when the model was already loaded' {
        Import-NorskModel -Path $model
        $verbose = Import-NorskModel -Path $model -Verbose 4>&1 | ForEach-Object { "$_" }
        $verbose | Should -Contain "'$model' was already loaded."
    }

    It 'takes models from Get-NorskModelInfo, brackets and all' {
        $odd = Join-Path $TestDrive '[7b] modell.gguf'
        New-TestModel -Path $odd -Spec @{ Seed = 7 } | Out-Null
        $info = Get-NorskModelInfo -LiteralPath $odd | Import-NorskModel -PassThru
        $info.Path | Should -Be $odd
        $info.IsLoaded | Should -BeTrue

        Remove-NorskModel -LiteralPath $odd
        (Get-NorskModelInfo -LiteralPath $odd).IsLoaded | Should -BeFalse
    }

    It 'takes files from Get-ChildItem' {
        Get-Item -LiteralPath $model | Import-NorskModel -PassThru | ForEach-Object IsLoaded | Should -BeTrue
    }

    Context 'refuses what llama.cpp would misreport or crash on, before native code runs' {
        It 'refuses a model <Case>' -TestCases @(
            @{ Case = 'without a head count'; Change = { param($b) $b.Remove('llama.attention.head_count') | Out-Null }; Reason = 'llama.attention.head_count' }
            @{ Case = 'with a 64-bit hyperparameter'; Change = { param($b) $b.Set('llama.block_count', 'UInt64', [uint64]2) | Out-Null }; Reason = '32-bit' }
            @{ Case = 'without an architecture'; Change = { param($b) $b.Remove('general.architecture') | Out-Null }; Reason = 'architecture' }
            @{ Case = 'missing a layer tensor'; Change = { param($b) $b.RemoveTensor('blk.0.ffn_up.weight') | Out-Null }; Reason = 'blk.0.ffn_up.weight' }
            @{ Case = 'with an end-of-sequence id outside the vocabulary'; Change = { param($b) $b.Set('tokenizer.ggml.eos_token_id', 'UInt32', [uint32]99999) | Out-Null }; Reason = 'eos_token_id' }
            @{
                Case   = 'whose vocabulary lacks a byte token (llama.cpp would abort the process)'
                Change = {
                    param($b)
                    $pieces = [System.Collections.Generic.List[string]]::new([NorwegianLlama.TestModels.TestModelWriter]::Vocabulary)
                    $pieces[$pieces.IndexOf('<0xC3>')] = 'C3-is-gone'
                    $b.SetArray('tokenizer.ggml.tokens', 'String', $pieces) | Out-Null
                }
                Reason = '<0xC3>'
            }
        ) {
            param($Case, $Change, $Reason)
            $builder = New-TestModelBuilder
            & $Change $builder
            $path = Join-Path $TestDrive 'refused.gguf'
            $builder.WriteFile($path)

            Import-NorskModel -Path $path -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelNotLoadable,*'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $problems[0].Exception.Message | Should -BeLike "*$Reason*"
            (Get-NorskModelInfo $path).IsLoaded | Should -BeFalse
        }

        It "carries llama.cpp's own reason when the native load fails" {
            # A tensor the architecture has no use for passes our checks; llama.cpp counts tensors and refuses.
            $builder = New-TestModelBuilder
            $builder.AddTensor('unused.weight', [long[]]@(8), 0, [byte[]]::new(32)) | Out-Null
            $path = Join-Path $TestDrive 'extra-tensor.gguf'
            $builder.WriteFile($path)

            Import-NorskModel -Path $path -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelLoadFailed,*'
            $problems[0].Exception.Message | Should -BeLike "*wrong number of tensors*"
            $problems[0].TargetObject | Should -Be $path
        }

        It 'goes on with the next file after a failure' {
            $bad = Join-Path $TestDrive 'bad.gguf'
            Set-Content -LiteralPath $bad -Value 'ikke en modell'
            $loaded = Import-NorskModel -LiteralPath $bad, $model -PassThru -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelFileNotGguf,*'
            $loaded.Path | Should -Be $model
        }
    }

    Context 'parameters' {
        It 'rejects a context size of <Value>' -TestCases @(@{ Value = 0 }, @{ Value = 10 }, @{ Value = -1 }) {
            param($Value)
            { Import-NorskModel -Path $model -ContextSize $Value } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NorwegianLlama.Commands.ImportNorskModelCommand'
        }

        It 'warns when the context is larger than the model was trained for' {
            Import-NorskModel -Path $model -ContextSize 4096 -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings | Should -Not -BeNullOrEmpty
        }
    }
}
