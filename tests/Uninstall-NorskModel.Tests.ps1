BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:SavedEnvironment = @{}
    foreach ($name in 'NORSK_MODEL_DIR', 'NORSK_MODEL_PATH') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    Remove-Item Env:NORSK_MODEL_PATH -ErrorAction Ignore

    $script:SourcePath = Join-Path $TestDrive 'source.gguf'
    New-TestModel -Path $SourcePath -Spec @{ Name = 'norsk-download'; Layers = 2; Embedding = 128; FeedForward = 256 } | Out-Null
}

AfterAll {
    foreach ($entry in $SavedEnvironment.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'Uninstall-NorskModel' {
    BeforeAll {
        function Get-Left {
            @(Get-ChildItem -LiteralPath $Models -Name | Sort-Object)
        }
    }

    BeforeEach {
        Remove-NorskModel -All
        $script:Models, $script:Outside = New-InstalledModels -Source $SourcePath
    }

    AfterEach {
        Remove-NorskModel -All
    }

    It 'removes one quantization by -Name and -Quantization' {
        Uninstall-NorskModel 13b -Quantization Q8_0
        Get-Left | Should -Not -Contain 'Llama-2-13b-chat-norwegian.Q8_0.gguf'
        Get-Left | Should -Contain 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf'
    }

    It 'removes every quantization of a -Name, partial downloads too' {
        Uninstall-NorskModel -Name 7b
        Get-Left | Should -Be @('Llama-2-13b-chat-norwegian.Q4_K_M.gguf', 'Llama-2-13b-chat-norwegian.Q8_0.gguf', 'notes.txt', 'other.gguf')
    }

    It 'removes nothing with -WhatIf' {
        $before = Get-Left
        Uninstall-NorskModel 13b -WhatIf
        Get-NorskModelInfo -ListAvailable | Uninstall-NorskModel -WhatIf
        Get-Left | Should -Be $before
    }

    It 'says ModelNotInstalled for a model that is not there' {
        Uninstall-NorskModel 7b -Quantization Q8_0, Q4_K_M -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelNotInstalled,NorwegianLlama.Commands.UninstallNorskModelCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].Exception.Message | Should -Match '7b Q8_0'
        Get-Left | Should -Not -Contain 'Llama-2-7b-chat-norwegian.Q4_K_M.gguf'
    }

    It 'matches -Path wildcards against the file names in the models folder' {
        Uninstall-NorskModel -Path '*Q4_K_M*'
        Get-Left | Should -Be @('Llama-2-13b-chat-norwegian.Q8_0.gguf', 'Llama-2-7b-chat-norwegian.Q5_K_M.gguf.partial', 'notes.txt', 'other.gguf')
    }

    It 'takes a -Path with a folder that leads into the models folder' {
        Uninstall-NorskModel -Path (Join-Path $Models 'oth*')
        Get-Left | Should -Not -Contain 'other.gguf'
    }

    It 'never deletes a file that is not a model, even in the models folder' {
        Uninstall-NorskModel -Path '*'
        Get-Left | Should -Be @('notes.txt')
        Uninstall-NorskModel -LiteralPath (Join-Path $Models 'notes.txt') -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelNotInstalled,*'
        Get-Left | Should -Be @('notes.txt')
    }

    It 'refuses a file outside the models folder (<Case>)' -TestCases @(
        @{ Case = '-Path'; Parameter = 'Path' }
        @{ Case = '-LiteralPath'; Parameter = 'LiteralPath' }
        @{ Case = 'a path that climbs out'; Parameter = 'Climb' }
        @{ Case = 'a NorskModelInfo'; Parameter = 'InputObject' }
    ) {
        param($Case, $Parameter)
        switch ($Parameter) {
            'Path' { Uninstall-NorskModel -Path $Outside -ErrorAction SilentlyContinue -ErrorVariable problems }
            'LiteralPath' { Uninstall-NorskModel -LiteralPath $Outside -ErrorAction SilentlyContinue -ErrorVariable problems }
            'Climb' { Uninstall-NorskModel -Path (Join-Path $Models "../$(Split-Path $Outside -Leaf)") -ErrorAction SilentlyContinue -ErrorVariable problems }
            'InputObject' { Get-NorskModelInfo -LiteralPath $Outside | Uninstall-NorskModel -ErrorAction SilentlyContinue -ErrorVariable problems }
        }
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelOutsideModelsFolder,NorwegianLlama.Commands.UninstallNorskModelCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $Outside | Should -Exist
    }

    It 'takes models from Get-NorskModelInfo -ListAvailable and files from Get-ChildItem' {
        Get-NorskModelInfo -ListAvailable | Where-Object Path -Like '*13b*' | Uninstall-NorskModel
        Get-ChildItem -LiteralPath $Models -Filter 'other.gguf' | Uninstall-NorskModel
        Get-Left | Should -Be @('Llama-2-7b-chat-norwegian.Q4_K_M.gguf', 'Llama-2-7b-chat-norwegian.Q5_K_M.gguf.partial', 'notes.txt')
    }

    It 'unloads a loaded model before deleting it' {
        $file = Join-Path $Models 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf'
        Import-NorskModel -LiteralPath $file
        Uninstall-NorskModel 13b -Quantization Q4_K_M
        Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
        $file | Should -Not -Exist
    }
}

Describe 'Uninstall-NorskModel -Confirm in a real terminal, as its help''s Example 2 shows it' {
    It 'asks before removing the 7B files, and removes them all on Yes to All' {
        if ($reason = Get-TerminalSkipReason) {
            Set-ItResult -Skipped -Because $reason
            return
        }
        $models, $null = New-InstalledModels -Source $SourcePath
        # The example's own command line, read from the help page, so the page and the test cannot drift apart.
        $page = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../docs/en-US/Uninstall-NorskModel.md') -Raw
        $command = [regex]::Match($page, '(?m)^PS [^>]*> (Uninstall-NorskModel -Name 7b -Confirm)\s*$').Groups[1].Value
        $command | Should -Be 'Uninstall-NorskModel -Name 7b -Confirm'

        $terminal = Start-TerminalPwsh -Script "`$env:NORSK_MODEL_DIR = '$($models -replace "'", "''")'"
        try {
            Send-TerminalKeys $terminal -Text $command -Enter
            $asked = Read-Terminal $terminal -Until { param($t) $t -match '\[A\] Yes to All' }
            Send-TerminalKeys $terminal -Text 'A' -Enter
            Send-TerminalKeys $terminal -Text "'UNINSTALL' + '-DONE'" -Enter
            $done = Read-Terminal $terminal -Until { param($t) $t -match 'UNINSTALL-DONE' }
        }
        finally {
            Stop-TerminalPwsh $terminal
        }
        $asked | Should -Match 'Llama-2-7b-chat-norwegian'
        $done | Should -Match 'UNINSTALL-DONE'
        $left = @(Get-ChildItem -LiteralPath $models -Name)
        $left | Where-Object { $_ -like 'Llama-2-7b-*' } | Should -BeNullOrEmpty
        $left | Should -Contain 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf'
    }
}
