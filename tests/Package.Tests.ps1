BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The package' {
    It 'installs with PSResourceGet and works from where it was installed' {
        $model = Join-Path $TestDrive 'package.gguf'
        New-TestModel -Path $model -Spec @{ ContextLength = 1024 } | Out-Null
        $feed = Join-Path $TestDrive 'feed'
        $installed = Join-Path $TestDrive 'installed'
        New-Item -ItemType Directory -Path $feed, $installed | Out-Null
        $stage = Split-Path $ModuleManifest
        Compress-PSResource -Path $stage -DestinationPath $feed
        $version = (Import-PowerShellDataFile -Path $ModuleManifest).ModuleVersion
        Join-Path $feed "NorwegianLlama.$version.nupkg" | Should -Exist

        $repository = "NorwegianLlamaTest$PID"
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        try {
            Save-PSResource -Name NorwegianLlama -Repository $repository -Path $installed -TrustRepository
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }

        $manifest = Join-Path $installed "NorwegianLlama/$version/NorwegianLlama.psd1"
        $manifest | Should -Exist
        $result = Invoke-ChildPwsh -Script @"
Import-Module '$manifest'
(Get-Command -Module NorwegianLlama).Count
(Invoke-NorskChat 'Hei' -ModelPath '$model' -SystemPrompt '' -MaxTokens 3 -Seed 1).CompletionTokenCount -gt 0
(Get-Module NorwegianLlama).ModuleBase
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() -split '\r?\n' | Should -Be @("$(@((Import-PowerShellDataFile -Path $ModuleManifest).CmdletsToExport).Count)", 'True', (Split-Path $manifest))
    }
}
