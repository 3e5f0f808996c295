# A -ModelPath at safetensors, GPTQ, PyTorch, GGML or a Hugging Face folder must be named for what it is, with
# the way to a GGUF, before llama.cpp sees it.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $cases = Get-ForeignModelCases
    $modelCmdlets = 'Invoke-NorskChat', 'Invoke-NorskInstruction', 'Enter-NorskChat', 'ConvertTo-NorskPrompt', '$env:NORSK_MODEL_PATH'
    $cmdletCases = foreach ($cmdlet in $modelCmdlets) {
        foreach ($case in $cases) { $case.Clone() + @{ Cmdlet = $cmdlet } }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $foreign = Join-Path $TestDrive 'foreign'
    New-ForeignModelFiles -Folder $foreign
    $model = Join-Path $TestDrive 'real.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'real'; ContextLength = 1024; Seed = 5 } | Out-Null

    function Assert-ForeignFormatError {
        param($Record, [string]$ErrorId, [string]$Names, [string]$Path)
        $Record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $Record.CategoryInfo.Category | Should -Be 'InvalidData'
        $Record.Exception | Should -BeOfType ([System.IO.InvalidDataException])
        $Record.TargetObject | Should -Be $Path
        $message = $Record.Exception.Message
        $message | Should -Match $Names
        $message | Should -BeLike "*'$Path'*"
        foreach ($way in 'mradermacher/Llama-2-13b-chat-norwegian-GGUF', 'mradermacher/Llama-2-7b-chat-norwegian-GGUF', 'Install-NorskModel', 'convert_hf_to_gguf.py') {
            $message | Should -BeLike "*$way*"
        }
        $Record.ErrorDetails.Message | Should -Be $message
        $Record.ErrorDetails.RecommendedAction | Should -BeLike '*Install-NorskModel*convert_hf_to_gguf.py*'
    }

    function Assert-RealCallWorks {
        $answer = Invoke-NorskChat 'Hei' -ModelPath $model -ContextSize 1024 -MaxTokens 2 -Seed 1
        $answer.Content | Should -Not -BeNullOrEmpty
        $answer.Model | Should -Be $model
    }
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
    Remove-Item Env:NORSK_MODEL_PATH -ErrorAction Ignore
}

Describe 'Model formats other than GGUF' {
    Context 'Get-NorskModelInfo' {
        It 'names <Case> as <ErrorId> and goes on with the next file' -TestCases $cases {
            param($Case, $Path, $ErrorId, $Names)
            $full = Join-Path $foreign $Path
            $infos = Get-NorskModelInfo -LiteralPath $full, $model -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            Assert-ForeignFormatError -Record $problems[0] -ErrorId $ErrorId -Names $Names -Path $full
            @($infos).Count | Should -Be 1
            $infos.Path | Should -Be $model
        }

        It 'gives every entry of a folder of foreign weights its own ErrorId through -Path wildcards' {
            $null = Get-NorskModelInfo -Path (Join-Path $foreign '*') -ErrorAction SilentlyContinue -ErrorVariable problems

            $expected = Get-ForeignModelCases | ForEach-Object { "$($_.ErrorId)|$(Join-Path $foreign $_.Path)" } | Sort-Object
            $problems | ForEach-Object { "$($_.FullyQualifiedErrorId.Split(',')[0])|$($_.TargetObject)" } | Sort-Object |
                Should -Be $expected
        }
    }

    Context 'Import-NorskModel' {
        It 'names <Case> as <ErrorId>, loads nothing for it and goes on with the next file' -TestCases $cases {
            param($Case, $Path, $ErrorId, $Names)
            Remove-NorskModel -All
            $full = Join-Path $foreign $Path
            $loaded = Import-NorskModel -LiteralPath $full, $model -PassThru -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            Assert-ForeignFormatError -Record $problems[0] -ErrorId $ErrorId -Names $Names -Path $full
            $loaded.Path | Should -Be $model
            (Get-NorskModelInfo -Loaded).Path | Should -Be $model
        }
    }

    Context 'the cmdlets that take -ModelPath' {
        It '<Cmdlet> refuses <Case> as <ErrorId>, then a real call works' -TestCases $cmdletCases {
            param($Case, $Path, $ErrorId, $Names, $Cmdlet)
            $full = Join-Path $foreign $Path
            $call = switch ($Cmdlet) {
                'Invoke-NorskChat' { { Invoke-NorskChat 'Hei' -ModelPath $full -MaxTokens 2 } }
                'Invoke-NorskInstruction' { { Invoke-NorskInstruction 'Oppsummer teksten.' -InputObject 'Oslo er en by.' -ModelPath $full -MaxTokens 2 } }
                'Enter-NorskChat' { { 'Hei', '/exit' | Enter-NorskChat -ModelPath $full -MaxTokens 2 6>$null } }
                'ConvertTo-NorskPrompt' { { ConvertTo-NorskPrompt 'Hei' -ModelPath $full } }
                '$env:NORSK_MODEL_PATH' { { Invoke-NorskChat 'Hei' -MaxTokens 2 } }
            }
            if ($Cmdlet -eq '$env:NORSK_MODEL_PATH') { $env:NORSK_MODEL_PATH = $full }
            try {
                $record = $call | Should -Throw -PassThru
            }
            finally {
                Remove-Item Env:NORSK_MODEL_PATH -ErrorAction Ignore
            }

            Assert-ForeignFormatError -Record $record -ErrorId $ErrorId -Names $Names -Path $full
            Assert-RealCallWorks
        }
    }

    Context 'what is none of these keeps the errors it had' {
        BeforeAll {
            $unknown = Join-Path $TestDrive 'unknown'
            New-Item -ItemType Directory -Path $unknown | Out-Null
            $random = [byte[]]::new(4096)
            [System.Random]::new(2611).NextBytes($random)
            [System.IO.File]::WriteAllBytes((Join-Path $unknown 'random.bin'), $random)
            [System.IO.File]::WriteAllBytes((Join-Path $unknown 'empty.bin'), [byte[]]::new(0))
            $zip = Join-Path $unknown 'not-torch.zip'
            Compress-Archive -LiteralPath (Join-Path $unknown 'random.bin') -DestinationPath $zip
            $plainFolder = Join-Path $unknown 'plain-folder'
            New-Item -ItemType Directory -Path $plainFolder | Out-Null
            $configOnly = Join-Path $unknown 'config-only'
            New-Item -ItemType Directory -Path $configOnly | Out-Null
            [System.IO.File]::WriteAllBytes((Join-Path $configOnly 'config.json'), [NorwegianLlama.TestModels.ForeignFiles]::LlamaConfig($null))
        }

        It 'reports <Target> as <ErrorId>' -TestCases @(
            @{ Target = 'random.bin'; ErrorId = 'ModelFileNotGguf' }
            @{ Target = 'empty.bin'; ErrorId = 'ModelFileNotGguf' }
            @{ Target = 'not-torch.zip'; ErrorId = 'ModelFileNotGguf' }
            @{ Target = 'plain-folder'; ErrorId = 'ModelPathIsDirectory' }
            @{ Target = 'config-only'; ErrorId = 'ModelPathIsDirectory' }
        ) {
            param($Target, $ErrorId)
            $full = Join-Path $unknown $Target

            $null = Get-NorskModelInfo -LiteralPath $full -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            { Invoke-NorskChat 'Hei' -ModelPath $full -MaxTokens 2 } | Should -Throw -ErrorId "$ErrorId,NorwegianLlama.Commands.InvokeNorskChatCommand"
            Assert-RealCallWorks
        }
    }

    Context 'native code' {
        It 'is never reached: llama.cpp is not even loaded until the first real model' {
            $script = @"
. '$((Join-Path $PSScriptRoot 'common.ps1') -replace "'", "''")'
`$model = '$($model -replace "'", "''")'

"@ + @'
Import-Module $ModuleManifest
$folder = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-foreign-$PID"
New-ForeignModelFiles -Folder $folder
function Get-NativeModules { @([System.Diagnostics.Process]::GetCurrentProcess().Modules | Where-Object ModuleName -Match '^lib(llama|ggml)' | ForEach-Object ModuleName) }
$ids = foreach ($case in Get-ForeignModelCases) {
    $path = Join-Path $folder $case.Path
    $calls = @(
        { Get-NorskModelInfo -LiteralPath $path -ErrorAction Stop }
        { Import-NorskModel -LiteralPath $path -ErrorAction Stop }
        { Invoke-NorskChat 'Hei' -ModelPath $path -MaxTokens 2 }
        { Invoke-NorskInstruction 'Oppsummer.' -InputObject 'Oslo.' -ModelPath $path -MaxTokens 2 }
        { '/exit' | Enter-NorskChat -ModelPath $path 6>$null }
        { ConvertTo-NorskPrompt 'Hei' -ModelPath $path }
    )
    foreach ($call in $calls) {
        try { & $call; 'no error' } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
    }
}
$before = Get-NativeModules
$answer = Invoke-NorskChat 'Hei' -ModelPath $model -ContextSize 1024 -MaxTokens 2 -Seed 1
$after = Get-NativeModules
Remove-Item -LiteralPath $folder -Recurse -Force
[pscustomobject]@{ Ids = @($ids); Before = $before; After = $after; Answer = $answer.Content } | ConvertTo-Json -Compress
'@
            $result = Invoke-ChildPwsh -Script $script

            $result.ExitCode | Should -Be 0 -Because $result.StdErr
            $report = $result.StdOut | ConvertFrom-Json
            $expected = Get-ForeignModelCases | ForEach-Object { @($_.ErrorId) * 6 }
            $report.Ids | Should -Be $expected
            $report.Before | Should -BeNullOrEmpty
            # The check can see llama.cpp: the real call loads it.
            @($report.After | Where-Object { $_ -like 'libllama*' }).Count | Should -BeGreaterThan 0
            $report.Answer | Should -Not -BeNullOrEmpty
        }
    }
}
