BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # These tests read llama.cpp's own log lines, which reach -Verbose only with NORSK_NATIVE_LOG on.
    $env:NORSK_NATIVE_LOG = '1'
    # These tests count what is loaded, so they start from an empty process-wide cache.
    Remove-NorskModel -All
}

AfterAll {
    Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
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

    It "routes llama.cpp's log to -Verbose with NORSK_NATIVE_LOG on" {
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

    It 'takes the model as -ModelPath, as every other cmdlet does' {
        $info = Import-NorskModel -ModelPath $model -PassThru

        $info.Path | Should -Be $model
        $info.IsLoaded | Should -BeTrue
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

    Context 'the KV cache' {
        BeforeAll {
            # 2 heads of 32: wide enough for quantized types; cache.gguf's heads of 16 are not.
            $wide = Join-Path $TestDrive 'wide.gguf'
            New-TestModel -Path $wide -Spec @{ Name = 'wide'; Heads = 2; ContextLength = 1024; Seed = 9 } | Out-Null
        }

        It 'allocates the first context during the import, so the next call creates none' {
            $verbose = Import-NorskModel -Path $wide -Verbose 4>&1 | ForEach-Object { "$_" }
            $verbose | Should -Contain 'llama.cpp: llama_context: flash_attn    = enabled'
            $verbose | Where-Object { $_ -like 'Allocated the f16/f16 KV cache for 1,024 tokens (* KB) in * ms; the next call starts from it.' } |
                Should -HaveCount 1

            $next = Invoke-NorskChat 'Hei' -ModelPath $wide -MaxTokens 4 -Temperature 0 -Verbose 4>&1 | ForEach-Object { "$_" }
            $next | Where-Object { $_ -like 'llama.cpp: llama_kv_cache:*' } | Should -BeNullOrEmpty

            # Without Import-NorskModel the first call allocates it itself.
            Remove-NorskModel -All
            $implicit = Invoke-NorskChat 'Hei' -ModelPath $wide -MaxTokens 4 -Temperature 0 -Verbose 4>&1 | ForEach-Object { "$_" }
            $implicit | Where-Object { $_ -like 'llama.cpp: llama_kv_cache: size = *K (f16)*V (f16)*' } | Should -HaveCount 1
        }

        It 'allocates nothing again when the same context is already there' {
            Import-NorskModel -Path $wide
            $verbose = Import-NorskModel -Path $wide -Verbose 4>&1 | ForEach-Object { "$_" }
            $verbose | Should -Contain 'The f16/f16 KV cache for 1,024 tokens (512 KB) was already allocated.'
        }

        It 'defaults to f16 for keys and values, whatever the heads' {
            (Import-NorskModel -Path $wide -PassThru).KvCacheType | Should -BeExactly 'f16/f16'
            (Import-NorskModel -Path $model -PassThru).KvCacheType | Should -BeExactly 'f16/f16'
        }

        It 'takes one type for both halves or two for keys and values, and keeps what was set' {
            (Import-NorskModel -Path $wide -KvCacheType Q4_0 -PassThru).KvCacheType | Should -BeExactly 'q4_0/q4_0'
            (Import-NorskModel -Path $wide -KvCacheType F16, Q8_0 -PassThru).KvCacheType | Should -BeExactly 'f16/q8_0'
            (Import-NorskModel -Path $wide -ContextSize 512 -PassThru).KvCacheType | Should -BeExactly 'f16/q8_0'
            (Get-NorskModelInfo -Loaded).KvCacheType | Should -BeExactly 'f16/q8_0'

            $answer = Invoke-NorskChat 'Hei' -ModelPath $wide -MaxTokens 4 -Temperature 0 -Verbose 4>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { "$_" } else { $_ } }
            $answer | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] } | Should -HaveCount 1
            $answer | Where-Object { $_ -is [string] -and $_ -like 'llama.cpp: llama_kv_cache:*' } | Should -BeNullOrEmpty -Because 'the call uses the context the import made'
        }

        It 'takes f16 on a model with narrow heads' {
            (Import-NorskModel -Path $model -KvCacheType F16 -PassThru).KvCacheType | Should -BeExactly 'f16/f16'
        }

        It 'refuses a quantized <Types> the heads of 16 cannot take, naming the width, and loads nothing' -TestCases @(
            @{ Types = @('Q8_0'); Half = 'keys' }
            @{ Types = @('F16', 'Q4_0'); Half = 'values' }
        ) {
            param($Types, $Half)
            Import-NorskModel -Path $model -KvCacheType $Types -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeExactly 'KvCacheTypeUnsupported,NorwegianLlama.Commands.ImportNorskModelCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $problems[0].Exception.Message | Should -BeLike "*$Half as q*width is 16, not a multiple of*32*"
            Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
            # The shell is still there, and the model loads with a type it can take.
            (Import-NorskModel -Path $model -PassThru).KvCacheType | Should -BeExactly 'f16/f16'
        }

        It 'rejects <Count> KV cache types' -TestCases @(@{ Count = 0; Types = @() }, @{ Count = 3; Types = @('F16', 'Q8_0', 'Q4_0') }) {
            param($Count, $Types)
            { Import-NorskModel -Path $model -KvCacheType $Types } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NorwegianLlama.Commands.ImportNorskModelCommand'
        }
    }
}
