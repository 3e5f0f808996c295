BeforeDiscovery {
    $root = Split-Path -Parent $PSScriptRoot
    # The Bench runs for half an hour on an idle machine, so a typo in it would otherwise show only then.
    $scripts = @(Get-Item -LiteralPath (Join-Path $root 'build.ps1')) + @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'Bench') -Filter *.ps1) |
        ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

Describe 'The repository''s scripts' {
    It '<Name> parses without errors' -TestCases $scripts {
        param($Name, $Path)
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$errors)
        $errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" } | Should -BeNullOrEmpty
    }
}
