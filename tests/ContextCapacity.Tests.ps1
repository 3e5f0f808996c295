BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # These tests read llama.cpp's own log lines, which reach -Verbose only with NORSK_NATIVE_LOG on.
    $env:NORSK_NATIVE_LOG = '1'
    $model = Join-Path $TestDrive 'long.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'long'; ContextLength = 4096; KvHeads = 2; Seed = 4 } | Out-Null
    # Only the warm context may hold a prefix: a prompt cache file would blur what was reused from where.
    $env:NORSK_PROMPT_CACHE = '0'

    function Get-KvCells {
        <# The cells of every context the output shows llama.cpp allocating, from its own log line. #>
        param([object[]]$Output)
        $Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" } |
            Where-Object { $_ -like 'llama.cpp: llama_kv_cache: size = *' } |
            ForEach-Object { if ($_ -match '\(\s*(\d+) cells') { [int]$Matches[1] } }
    }
}

AfterAll {
    Remove-Item Env:NORSK_NATIVE_LOG -ErrorAction Ignore
    Remove-Item Env:NORSK_PROMPT_CACHE -ErrorAction Ignore
    Remove-NorskModel -All
}

Describe 'A context sized to what the calls need' {
    BeforeEach {
        Remove-NorskModel -All
    }

    It 'is allocated by Import-NorskModel at 1,024 of the 4,096 tokens asked for' {
        $verbose = Import-NorskModel -Path $model -Verbose 4>&1
        Get-KvCells $verbose | Should -Be 1024
        $verbose | ForEach-Object { "$_" } |
            Where-Object { $_ -like 'Allocated the f16/f16 KV cache for 1,024 of 4,096 tokens (* KB; it grows when a call needs more) in * ms; *' } |
            Should -HaveCount 1
    }

    It 'starts a call at the cells its prompt and -MaxTokens need' {
        Get-KvCells (Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 8 -Temperature 0 -Verbose 4>&1) | Should -Be 1024
        Remove-NorskModel -All
        Get-KvCells (Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 1500 -Temperature 0 -Verbose 4>&1) | Should -Be 2048
        Remove-NorskModel -All
        Get-KvCells (Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 3000 -Temperature 0 -Verbose 4>&1) | Should -Be 4096
    }

    It 'never goes past -ContextSize' {
        Get-KvCells (Invoke-NorskChat 'Hei' -ModelPath $model -ContextSize 1536 -MaxTokens 500 -Temperature 0 -Verbose 4>&1) | Should -Be 1024
        Remove-NorskModel -All
        Get-KvCells (Invoke-NorskChat 'Hei' -ModelPath $model -ContextSize 1536 -MaxTokens 1200 -Temperature 0 -Verbose 4>&1) | Should -Be 1536
    }

    It 'is allocated whole at once with NORSK_CONTEXT_GROWTH=0' {
        $env:NORSK_CONTEXT_GROWTH = '0'
        try {
            Get-KvCells (Import-NorskModel -Path $model -Verbose 4>&1) | Should -Be 4096
            Remove-NorskModel -All
            Get-KvCells (Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 8 -Temperature 0 -Verbose 4>&1) | Should -Be 4096
        }
        finally {
            Remove-Item Env:NORSK_CONTEXT_GROWTH
        }
    }

    It 'grows when a later turn needs more, keeping what it held, and answers as a cold run does' {
        $seeded = @{ ModelPath = $model; Seed = 11; Temperature = 1 }
        $first = Invoke-NorskChat 'Hei, hvordan har du det i dag?' @seeded -MaxTokens 8
        $conversation = @($first.Conversation)

        $grown = Invoke-NorskChat 'Fortell mer.' -Conversation $conversation @seeded -MaxTokens 1200 -Verbose 4>&1
        Get-KvCells $grown | Should -Be 2048
        $grownAnswer = $grown | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }
        $grownAnswer.ReusedPromptTokenCount | Should -BeGreaterOrEqual 64 -Because 'the seeded reuse is whole 64-token chunks of the system prompt'

        Remove-NorskModel -All
        $cold = Invoke-NorskChat 'Fortell mer.' -Conversation $conversation @seeded -MaxTokens 1200
        $cold.ReusedPromptTokenCount | Should -Be 0
        $grownAnswer.Content | Should -BeExactly $cold.Content
        $grownAnswer.CompletionTokenCount | Should -Be $cold.CompletionTokenCount
    }

    It 'allocates no second context for the next call once it has grown' {
        $null = Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 1500 -Temperature 0
        $next = Invoke-NorskChat 'Hei' -ModelPath $model -MaxTokens 8 -Temperature 0 -Verbose 4>&1
        Get-KvCells $next | Should -BeNullOrEmpty
        ($next | Where-Object { $_ -is [NorwegianLlama.NorskChatResponse] }).ReusedPromptTokenCount | Should -BeGreaterThan 0
    }
}
