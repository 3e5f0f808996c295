BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $spec = @{ Name = 'cache'; ContextLength = 1024; KvHeads = 2; Seed = 5 }
    $model = Join-Path $TestDrive 'cache.gguf'
    New-TestModel -Path $model -Spec $spec | Out-Null
    $otherModel = Join-Path $TestDrive 'other.gguf'
    New-TestModel -Path $otherModel -Spec @{ Name = 'cache'; ContextLength = 1024; KvHeads = 2; Seed = 6 } | Out-Null
    $adapter = Join-Path $TestDrive 'tone.gguf'
    New-TestAdapter -Path $adapter -ModelSpec $spec | Out-Null

    $prompt = 'Hei! Hva er hovedstaden i Norge?'
    $seeded = @{ ModelPath = $model; ContextSize = 512; MaxTokens = 16; Seed = 7; Temperature = 1 }
    $outerCacheDir = $env:NORSK_CACHE_DIR

    function Use-NewCacheFolder {
        $env:NORSK_CACHE_DIR = Join-Path $TestDrive "cache-$([guid]::NewGuid().ToString('N'))"
        $env:NORSK_CACHE_DIR
    }

    function Get-CacheFile {
        @(Get-ChildItem -LiteralPath $env:NORSK_CACHE_DIR -File -ErrorAction Ignore)
    }

    function Invoke-Fresh {
        <# The prompt in this process, with nothing warm: only the prompt cache on disk can help. #>
        param([hashtable]$Extra = @{})
        $parameters = $seeded.Clone()
        foreach ($key in $Extra.Keys) {
            $parameters[$key] = $Extra[$key]
        }
        Remove-NorskModel -All
        Invoke-NorskChat $prompt @parameters
    }

    function Get-ChildAnswerScript {
        param([string]$Before = '')
        @"
Import-Module -Name `$ModuleManifest
$Before
`$r = Invoke-NorskChat '$prompt' -ModelPath '$model' -ContextSize 512 -MaxTokens 16 -Seed 7 -Temperature 1
[pscustomobject]@{ Content = `$r.Content; Reused = `$r.ReusedPromptTokenCount } | ConvertTo-Json -Compress
"@
    }

    function Receive-ChildAnswer {
        param([Parameter(Mandatory)]$Child)
        $Child.Process.WaitForExit()
        Remove-Item -LiteralPath $Child.File -ErrorAction Ignore
        $stdout = $Child.StdOut.GetAwaiter().GetResult()
        $Child.Process.ExitCode | Should -Be 0 -Because $Child.StdErr.GetAwaiter().GetResult()
        ($stdout -split "`n" | Where-Object { $_.Trim() } | Select-Object -Last 1) | ConvertFrom-Json
    }

    # What every test compares with: the answer with no cache at all.
    $env:NORSK_PROMPT_CACHE = '0'
    Use-NewCacheFolder | Out-Null
    $cold = Invoke-Fresh
    $coldFiles = Get-CacheFile
    Remove-Item Env:NORSK_PROMPT_CACHE
}

AfterAll {
    Remove-NorskModel -All
    $env:NORSK_CACHE_DIR = $outerCacheDir
    Remove-Item Env:NORSK_PROMPT_CACHE, Env:NORSK_PROMPT_CACHE_SIZE -ErrorAction Ignore
}

Describe 'The prompt cache' {
    It 'writes nothing when NORSK_PROMPT_CACHE is 0' {
        $coldFiles | Should -BeNullOrEmpty
        $cold.ReusedPromptTokenCount | Should -Be 0
        $cold.PromptTokenCount | Should -BeGreaterThan 128 -Because 'the prompt must span more than one aligned chunk of 64'
    }

    It 'lets a fresh process restore the prefix and answer exactly as a cold run does' {
        Use-NewCacheFolder | Out-Null
        $first = Receive-ChildAnswer (Start-ChildPwsh (Get-ChildAnswerScript))
        $first.Reused | Should -Be 0
        $first.Content | Should -BeExactly $cold.Content
        Get-CacheFile | Where-Object Extension -EQ '.nlpc' | Should -HaveCount 1

        $restored = Receive-ChildAnswer (Start-ChildPwsh (Get-ChildAnswerScript))
        $restored.Reused | Should -BeGreaterOrEqual 64
        $restored.Reused % 64 | Should -Be 0
        $restored.Content | Should -BeExactly $cold.Content
    }

    It 'restores the shared start for another question, and unseeded answers save it too' {
        Use-NewCacheFolder | Out-Null
        Remove-NorskModel -All
        Invoke-NorskChat 'Fortell om fjorden, er den lang og dyp?' -ModelPath $model -ContextSize 512 -MaxTokens 4 | Out-Null
        Get-CacheFile | Should -HaveCount 1
        $restored = Invoke-Fresh
        $restored.ReusedPromptTokenCount | Should -BeGreaterOrEqual 64
        $restored.Content | Should -BeExactly $cold.Content
    }

    Context 'damaged and foreign files' {
        BeforeAll {
            Use-NewCacheFolder | Out-Null
            $saved = Invoke-Fresh
            $entry = (Get-CacheFile)[0].FullName
            $good = [System.IO.File]::ReadAllBytes($entry)
            $goodHash = (Get-FileHash -LiteralPath $entry).Hash

            function Get-ForeignEntry {
                param([hashtable]$Extra)
                $own = $env:NORSK_CACHE_DIR
                try {
                    Use-NewCacheFolder | Out-Null
                    Invoke-Fresh -Extra $Extra | Out-Null
                    [System.IO.File]::ReadAllBytes((Get-CacheFile)[0].FullName)
                }
                finally {
                    $env:NORSK_CACHE_DIR = $own
                }
            }
            $otherModelBytes = Get-ForeignEntry @{ ModelPath = $otherModel }
            $otherAdapterBytes = Get-ForeignEntry @{ LoraPath = $adapter }
        }

        It 'is a valid entry to start with' {
            $saved.Content | Should -BeExactly $cold.Content
            (Invoke-Fresh).ReusedPromptTokenCount | Should -BeGreaterOrEqual 64
        }

        It 'recomputes and replaces a <Case> file' -TestCases @(
            @{ Case = 'truncated'; Damage = { param($b) $b[0..($b.Length / 2)] } }
            @{ Case = 'empty'; Damage = { param($b) , [byte[]]@() } }
            @{ Case = 'payload byte-flipped'; Damage = { param($b) $c = $b.Clone(); $c[$c.Length - 7] = $c[$c.Length - 7] -bxor 0x10; , $c } }
            @{ Case = 'token byte-flipped'; Damage = { param($b) $c = $b.Clone(); $c[90] = $c[90] -bxor 0x01; , $c } }
            @{ Case = 'other model''s'; Damage = { param($b) , $otherModelBytes } }
            @{ Case = 'other adapter''s'; Damage = { param($b) , $otherAdapterBytes } }
            @{ Case = 'foreign'; Damage = { param($b) , [System.Text.Encoding]::UTF8.GetBytes('GGUF not a prompt cache at all' * 100) } }
        ) {
            param($Case, $Damage)
            [System.IO.File]::WriteAllBytes($entry, [byte[]](& $Damage $good))

            $answer = Invoke-Fresh
            $answer.ReusedPromptTokenCount | Should -Be 0
            $answer.Content | Should -BeExactly $cold.Content
            # Recomputed from scratch, the same prefix saves the same bytes.
            (Get-FileHash -LiteralPath $entry).Hash | Should -Be $goodHash
            (Invoke-Fresh).ReusedPromptTokenCount | Should -BeGreaterOrEqual 64
        }

        It 'survives 50 seeded random mutations, answering as a cold run every time' {
            for ($i = 1; $i -le 50; $i++) {
                $random = [System.Random]::new($i)
                $bytes = $good.Clone()
                if ($i % 10 -eq 0) {
                    $bytes = $bytes[0..($random.Next(0, $bytes.Length - 1))]
                }
                else {
                    for ($n = $random.Next(1, 5); $n -gt 0; $n--) {
                        # Half of the flips land in the header and token ids, where the checks are most varied.
                        $at = if ($random.Next(2) -eq 0) { $random.Next(0, [Math]::Min(400, $bytes.Length)) } else { $random.Next(0, $bytes.Length) }
                        $bytes[$at] = $bytes[$at] -bxor [byte]$random.Next(1, 256)
                    }
                }
                [System.IO.File]::WriteAllBytes($entry, [byte[]]$bytes)

                $answer = Invoke-Fresh
                $answer.ReusedPromptTokenCount | Should -Be 0 -Because "mutation $i must not be restored"
                $answer.Content | Should -BeExactly $cold.Content -Because "mutation $i"
            }
        }
    }

    It 'gives two processes writing the same entry at once both a right answer and one valid file' {
        $folder = Use-NewCacheFolder
        $go = Join-Path $folder 'go'
        $wait = @"
New-Item -ItemType File -Path (Join-Path '$folder' "ready-`$PID") -Force | Out-Null
while (-not (Test-Path -LiteralPath '$go')) { Start-Sleep -Milliseconds 10 }
"@
        $children = 1..2 | ForEach-Object { Start-ChildPwsh (Get-ChildAnswerScript -Before $wait) }
        while (@(Get-ChildItem -LiteralPath $folder -Filter 'ready-*' -ErrorAction Ignore).Count -lt 2 -and -not ($children.Process.HasExited -contains $true)) {
            Start-Sleep -Milliseconds 20
        }
        New-Item -ItemType File -Path $go | Out-Null
        foreach ($child in $children) {
            $answer = Receive-ChildAnswer $child
            $answer.Content | Should -BeExactly $cold.Content
        }

        @(Get-ChildItem -LiteralPath $folder -Filter '*.tmp') | Should -HaveCount 0
        @(Get-ChildItem -LiteralPath $folder -Filter '*.nlpc') | Should -HaveCount 1
        $restored = Invoke-Fresh
        $restored.ReusedPromptTokenCount | Should -BeGreaterOrEqual 64
        $restored.Content | Should -BeExactly $cold.Content
    }

    It 'stays within NORSK_PROMPT_CACHE_SIZE, evicting the least recently used' {
        Use-NewCacheFolder | Out-Null
        # Prompts of one length with different system prompts: entries of one size that share no prefix.
        $ask = { param($n) Remove-NorskModel -All; Invoke-NorskChat $prompt -SystemPrompt "Du er assistent nummer $n. Svar alltid kort, vennlig og presist på norsk." -ModelPath $model -ContextSize 512 -MaxTokens 2 | Out-Null }
        & $ask 1
        $one = (Get-CacheFile)[0].Length
        $bound = [long]($one * 2.5)
        $env:NORSK_PROMPT_CACHE_SIZE = [string]$bound
        try {
            foreach ($n in 2..5) {
                & $ask $n
                (Get-CacheFile | Measure-Object Length -Sum).Sum | Should -BeLessOrEqual $bound
            }
            $left = Get-CacheFile
            $left | Should -HaveCount 2
            # The two used last are kept: asking the fifth again restores it.
            Remove-NorskModel -All
            (Invoke-NorskChat $prompt -SystemPrompt 'Du er assistent nummer 5. Svar alltid kort, vennlig og presist på norsk.' -ModelPath $model -ContextSize 512 -MaxTokens 2).ReusedPromptTokenCount |
                Should -BeGreaterOrEqual 64
        }
        finally {
            Remove-Item Env:NORSK_PROMPT_CACHE_SIZE
        }
    }

    It 'is emptied by Clear-NorskPromptCache, and -WhatIf leaves it' {
        Use-NewCacheFolder | Out-Null
        Invoke-Fresh | Out-Null
        Clear-NorskPromptCache -WhatIf
        Get-CacheFile | Should -HaveCount 1
        Clear-NorskPromptCache
        Get-CacheFile | Should -HaveCount 0
        (Invoke-Fresh).ReusedPromptTokenCount | Should -Be 0
    }

    Context 'KV cache types' {
        BeforeAll {
            # 2 heads of 32, so quantized types apply (cache.gguf's heads of 16 take only f16).
            $quantModel = Join-Path $TestDrive 'quant.gguf'
            New-TestModel -Path $quantModel -Spec @{ Name = 'quant'; Heads = 2; ContextLength = 1024; Seed = 5 } | Out-Null
        }

        It 'restores a <Name> prefix to the same seeded answer as a cold run' -TestCases @(
            @{ Name = 'q8_0/q4_0'; Extra = @{ KvCacheType = 'Q8_0', 'Q4_0' } }
            @{ Name = 'f16 (default)'; Extra = @{} }
        ) {
            param($Name, $Extra)
            $Extra = $Extra + @{ ModelPath = $quantModel }
            $env:NORSK_PROMPT_CACHE = '0'
            try {
                Use-NewCacheFolder | Out-Null
                $quantCold = Invoke-Fresh -Extra $Extra
            }
            finally {
                Remove-Item Env:NORSK_PROMPT_CACHE
            }

            Use-NewCacheFolder | Out-Null
            $saving = Invoke-Fresh -Extra $Extra
            Get-CacheFile | Where-Object Extension -EQ '.nlpc' | Should -HaveCount 1
            $restored = Invoke-Fresh -Extra $Extra

            $saving.Content | Should -BeExactly $quantCold.Content
            $restored.ReusedPromptTokenCount | Should -BeGreaterOrEqual 64
            $restored.ReusedPromptTokenCount % 64 | Should -Be 0
            $restored.Content | Should -BeExactly $quantCold.Content
        }

        It 'never restores a prefix saved with other KV types' {
            Use-NewCacheFolder | Out-Null
            Invoke-Fresh -Extra @{ ModelPath = $quantModel } | Out-Null
            (Invoke-Fresh -Extra @{ ModelPath = $quantModel; KvCacheType = 'Q8_0', 'Q4_0' }).ReusedPromptTokenCount | Should -Be 0
            Get-CacheFile | Where-Object Extension -EQ '.nlpc' | Should -HaveCount 2
        }
    }
}
