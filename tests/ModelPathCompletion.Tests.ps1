BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:SavedModelDir = $env:NORSK_MODEL_DIR
    $script:Installed = Join-Path $TestDrive 'installed'
    New-Item -ItemType Directory -Path $Installed | Out-Null
    $env:NORSK_MODEL_DIR = $Installed
    # Completion only lists files; they need not be models.
    Set-Content -LiteralPath (Join-Path $Installed 'modell-installert.gguf') -Value 'x'

    $script:Work = Join-Path $TestDrive 'work'
    New-Item -ItemType Directory -Path (Join-Path $Work 'sub'), (Join-Path $Work 'modeller') | Out-Null
    foreach ($name in 'modell.gguf', 'modell.txt', 'my model.gguf', 'MODELL2.GGUF') {
        Set-Content -LiteralPath (Join-Path $Work $name) -Value 'x'
    }

    function Get-Completion {
        param([string]$Line)
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

AfterAll {
    $env:NORSK_MODEL_DIR = $SavedModelDir
}

Describe 'Tab completion of -ModelPath' {
    BeforeEach {
        Push-Location -LiteralPath (Join-Path $Work 'sub')
    }

    AfterEach {
        Pop-Location
    }

    It 'completes a relative path for <Line> to the .gguf files and folders it matches' -TestCases @(
        @{ Line = 'Invoke-NorskChat x -ModelPath ../m' }
        @{ Line = 'Enter-NorskChat -ModelPath ../m' }
        @{ Line = 'Invoke-NorskInstruction x -ModelPath ../m' }
        @{ Line = 'ConvertTo-NorskPrompt x -ModelPath ../m' }
        @{ Line = 'Import-NorskModel -ModelPath ../m' }
        @{ Line = 'Import-NorskModel ../m' }
    ) {
        param($Line)
        $completions = Get-Completion $Line

        $completions.ListItemText | Sort-Object | Should -Be @('modell.gguf', 'MODELL2.GGUF', 'modeller', 'my model.gguf')
        foreach ($completion in $completions) {
            $text = $completion.CompletionText.Trim("'")
            $text | Should -BeLike '../*'
            Join-Path $Work $completion.ListItemText | Should -Exist
            Resolve-Path -LiteralPath $text | ForEach-Object Path | Should -Be (Join-Path $Work $completion.ListItemText)
        }
        ($completions | Where-Object ListItemText -EQ 'modeller').ResultType | Should -Be 'ProviderContainer'
    }

    It 'completes the example of the issue at its cursor' {
        (TabExpansion2 'Invoke-NorskChat x -ModelPath ../m' 34).CompletionMatches | Should -Not -BeNullOrEmpty
    }

    It 'completes an absolute path, quoting a name with a space' {
        $completions = Get-Completion "Invoke-NorskChat x -ModelPath $(Join-Path $Work 'my')"

        $completions | Should -HaveCount 1
        $completions[0].CompletionText | Should -Be "'$(Join-Path $Work 'my model.gguf')'"
    }

    It 'offers the installed models first, then the files and folders that match' {
        Push-Location -LiteralPath $Work
        try {
            $completions = Get-Completion 'Invoke-NorskChat x -ModelPath modell'
        }
        finally {
            Pop-Location
        }

        $completions[0].ListItemText | Should -Be 'modell-installert.gguf'
        $completions[0].CompletionText | Should -Be (Join-Path $Installed 'modell-installert.gguf')
        $completions[1..($completions.Count - 1)].ListItemText | Sort-Object | Should -Be @('modell.gguf', 'MODELL2.GGUF', 'modeller')
    }

    It 'offers an installed model once when the typed path is its own' {
        $completions = Get-Completion "Invoke-NorskChat x -ModelPath $(Join-Path $Installed 'modell-i')"
        $completions | Should -HaveCount 1
        $completions[0].CompletionText | Should -Be (Join-Path $Installed 'modell-installert.gguf')
    }
}
