BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # These tests look at what is loaded, so they start from an empty process-wide cache.
    Remove-NorskModel -All
    Remove-Item Env:NORSK_GPU_LAYERS -ErrorAction Ignore

    $model = Join-Path $TestDrive 'gpu.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'gpu'; Layers = 3; ContextLength = 1024; Seed = 7 } | Out-Null
    $blocks = (Get-NorskModelInfo -Path $model).BlockCount
    $cpuOnly = "No GPU backend here: all $blocks layers run on the CPU."
}

AfterAll {
    Remove-Item Env:NORSK_GPU_LAYERS -ErrorAction Ignore
    Remove-NorskModel -All
}

# LLamaSharp.Backend.Cpu has a GPU backend (Metal) only for Apple Silicon; everywhere else every count runs on the CPU.
Describe '-GpuLayerCount on a machine without a GPU backend' -Skip:($IsMacOS -and [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'Arm64') {
    AfterEach {
        Remove-Item Env:NORSK_GPU_LAYERS -ErrorAction Ignore
        Remove-NorskModel -All
    }

    It 'answers with -GpuLayerCount 99, on the CPU, and says so once' {
        $records = Invoke-NorskChat 'Hei' -ModelPath $model -GpuLayerCount 99 -MaxTokens 8 -Seed 1 -Verbose 4>&1
        $response = $records | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }

        $response.CompletionTokenCount | Should -BeGreaterThan 0
        $response.Content | Should -Not -BeNullOrEmpty
        @($records | ForEach-Object { "$_" } | Where-Object { $_ -eq $cpuOnly }).Count | Should -Be 1
    }

    It 'shows where the layers run in Get-NorskModelInfo -Loaded, in the object and in its list view' {
        Import-NorskModel -Path $model -GpuLayerCount 99

        $loaded = Get-NorskModelInfo -Loaded
        $loaded.GpuLayers | Should -Be 0
        ($loaded | Format-List | Out-String) | Should -Match '(?m)^GpuLayers\s+: 0\s*$'
        (Get-NorskModelInfo -Path $model).GpuLayers | Should -BeNullOrEmpty
        $again = Get-NorskModelInfo -Loaded | Import-NorskModel -PassThru -Verbose 4>&1
        $again | ForEach-Object { "$_" } | Should -Contain "'$model' was already loaded."
        ($again | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }).GpuLayers | Should -Be 0
    }

    It 'takes -GpuLayerCount on Import-NorskModel and each inference cmdlet, and the loaded model serves every count' {
        foreach ($name in 'Import-NorskModel', 'Invoke-NorskChat', 'Invoke-NorskInstruction', 'Enter-NorskChat') {
            (Get-Command $name).Parameters['GpuLayerCount'].ParameterType | Should -Be ([int]) -Because $name
        }

        $import = Import-NorskModel -Path $model -GpuLayerCount 0 -Verbose 4>&1
        $import | ForEach-Object { "$_" } | Should -Contain $cpuOnly
        # The same layers run on the CPU whatever the count, so the loaded weights serve it without a reload.
        $records = Invoke-NorskInstruction 'Svar kort.' -InputObject 'Hei' -ModelPath $model -GpuLayerCount 5 -MaxTokens 4 -Seed 1 -Verbose 4>&1
        $records | ForEach-Object { "$_" } | Should -Contain "'$model' was already loaded."
        @(Get-NorskModelInfo -Loaded).Count | Should -Be 1
    }

    It 'takes the count from $env:NORSK_GPU_LAYERS' {
        $env:NORSK_GPU_LAYERS = '12'
        $records = Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 4 -Seed 1 -Verbose 4>&1

        ($records | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }).CompletionTokenCount | Should -BeGreaterThan 0
        $records | ForEach-Object { "$_" } | Should -Contain $cpuOnly
    }

    It 'refuses a $env:NORSK_GPU_LAYERS that is not a layer count, with a stable ErrorId, before loading' {
        $env:NORSK_GPU_LAYERS = 'x'

        { Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 4 } |
            Should -Throw -ErrorId 'GpuLayersVariableInvalid,NorwegianLlama.Commands.InvokeNorskChatCommand'
        { Import-NorskModel -Path $model } |
            Should -Throw -ErrorId 'GpuLayersVariableInvalid,NorwegianLlama.Commands.ImportNorskModelCommand'
        $failure = { Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 4 } | Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike "*NORSK_GPU_LAYERS is 'x'*"
        @(Get-NorskModelInfo -Loaded).Count | Should -Be 0
    }

    It 'lets -GpuLayerCount override the variable' {
        $env:NORSK_GPU_LAYERS = 'x'

        (Invoke-NorskChat 'Hei' -ModelPath $model -GpuLayerCount 0 -MaxTokens 4 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
    }

    It 'refuses a count outside 0 to 1000' {
        { Invoke-NorskChat 'Hei' -ModelPath $model -GpuLayerCount 1001 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,NorwegianLlama.Commands.InvokeNorskChatCommand'
        { Import-NorskModel -Path $model -GpuLayerCount -1 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,NorwegianLlama.Commands.ImportNorskModelCommand'
    }
}
