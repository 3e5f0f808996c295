BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $expectedCmdlets = @((Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot '../NorwegianLlama.psd1')).CmdletsToExport | Sort-Object)
    $model = Join-Path $TestDrive 'module.gguf'
    New-TestModel -Path $model | Out-Null
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'The staged module' {
    It 'has a valid manifest with the version written only in NorwegianLlama.psd1' {
        $manifest = Test-ModuleManifest -Path $ModuleManifest
        $source = Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot '../NorwegianLlama.psd1')

        $manifest.Version | Should -Be ([version]$source.ModuleVersion)
        Split-Path (Split-Path $ModuleManifest) -Leaf | Should -Be $source.ModuleVersion
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PowerShellVersion | Should -Be ([version]'7.6')
        $source.CmdletsToExport | Should -Not -BeNullOrEmpty
        $source.CmdletsToExport | ForEach-Object { $_ | Should -Match '^[A-Z][a-z]+-Norsk[A-Za-z]+$' }
    }

    It 'exports exactly the manifest cmdlets' {
        (Get-Command -Module NorwegianLlama).Name | Sort-Object | Should -Be $expectedCmdlets
    }

    It 'never ships the reference System.Management.Automation' {
        Join-Path (Split-Path $ModuleManifest) 'bin/System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'keeps LLamaSharp in its own load context and the output types in the default one' {
        Import-NorskModel -Path $model
        $contexts = [System.AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object {
            [pscustomobject]@{
                Name    = $_.GetName().Name
                Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
            }
        }
        ($contexts | Where-Object Name -EQ 'LLamaSharp').Context | Should -Be 'NorwegianLlama'
        ($contexts | Where-Object Name -EQ 'NorwegianLlama').Context | Should -Be 'NorwegianLlama'
        ($contexts | Where-Object Name -EQ 'NorwegianLlama.Shared').Context | Should -Be 'Default'
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([NorwegianLlama.NorskModelInfo].Assembly).Name | Should -Be 'Default'
        Remove-NorskModel -All
    }

    It 'works after Microsoft.Extensions.Logging.Abstractions 8.0.0 was loaded by someone else' {
        $old = Join-Path $env:NORSK_TEST_PACKAGES 'microsoft.extensions.logging.abstractions/8.0.0/lib/net8.0/Microsoft.Extensions.Logging.Abstractions.dll'
        $old | Should -Exist
        $result = Invoke-ChildPwsh -Script @"
Add-Type -Path '$old'
Import-Module `$ModuleManifest
Add-Type -Path `$TestToolsAssembly
Import-NorskModel -Path '$model' -PassThru | ForEach-Object IsLoaded
`$answer = Invoke-NorskChat 'Hei' -SystemPrompt '' -MaxTokens 4 -Seed 1
`$answer.CompletionTokenCount -gt 0
[System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Extensions.Logging.Abstractions' } |
    ForEach-Object { `$_.GetName().Version.Major } | Sort-Object
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        # Generating creates an LLamaContext, which needs LLamaSharp's own Logging.Abstractions 10 beside the 8.
        $result.StdOut.Trim() -split '\r?\n' | Should -Be @('True', 'True', '8', '10')
    }

    It 'still exports its cmdlets after Import-Module -Force' {
        $result = Invoke-ChildPwsh -Script @"
Import-Module `$ModuleManifest
Import-Module `$ModuleManifest -Force
(Get-Command -Module NorwegianLlama).Count
(Get-NorskModelInfo -LiteralPath '$model').Architecture
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() -split '\r?\n' | Should -Be @("$($expectedCmdlets.Count)", 'llama')
    }

    It 'frees loaded models when the module is removed' {
        $result = Invoke-ChildPwsh -Script @"
Import-Module `$ModuleManifest
Import-NorskModel -Path '$model'
(Get-NorskModelInfo -Loaded).Count
Remove-Module NorwegianLlama
Import-Module `$ModuleManifest
@(Get-NorskModelInfo -Loaded).Count
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() -split '\r?\n' | Should -Be @('1', '0')
    }

    It 'frees loaded models on removal even after parallel runspaces imported it' {
        $result = Invoke-ChildPwsh -Script @"
Import-Module `$ModuleManifest
1..3 | ForEach-Object -Parallel { Import-Module `$using:ModuleManifest; Import-NorskModel -Path '$model' }
(Get-NorskModelInfo -Loaded).Count
Remove-Module NorwegianLlama
Import-Module `$ModuleManifest
@(Get-NorskModelInfo -Loaded).Count
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() -split '\r?\n' | Should -Be @('1', '0')
    }

    It "never lets llama.cpp's log reach stderr" {
        $result = Invoke-ChildPwsh -Script @"
Import-Module `$ModuleManifest
Import-NorskModel -Path '$model'
Import-NorskModel -Path '$($model).missing' -ErrorAction SilentlyContinue
'done'
"@
        $result.ExitCode | Should -Be 0
        $result.StdErr | Should -BeNullOrEmpty
        $result.StdOut.Trim() | Should -Be 'done'
    }

    Context 'runspaces share one native setup and one cache' {
        AfterEach {
            Remove-NorskModel -All
        }

        It 'imports and loads in ForEach-Object -Parallel' {
            $manifest = $ModuleManifest
            $infos = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:manifest
                Import-NorskModel -Path $using:model -PassThru
            }
            @($infos).Count | Should -Be 4
            $infos.IsLoaded | Should -Be @($true, $true, $true, $true)
            @(Get-NorskModelInfo -Loaded).Count | Should -Be 1
        }

        It 'imports and loads in a thread job' {
            $manifest = $ModuleManifest
            $job = Start-ThreadJob -ScriptBlock {
                Import-Module $using:manifest
                (Import-NorskModel -Path $using:model -PassThru).IsLoaded
            }
            $job | Wait-Job -Timeout 60 | Receive-Job | Should -BeTrue
            $job | Remove-Job -Force
        }

        It 'imports in a new runspace' {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$ModuleManifest'; (Import-NorskModel -Path '$model' -PassThru).IsLoaded")
                $ps.Invoke() | Should -Be @($true)
                $ps.Streams.Error | Should -BeNullOrEmpty
            }
            finally {
                $ps.Dispose()
            }
        }
    }
}

Describe 'The source manifest in the repo root' {
    It 'cannot be imported, and it and the README name the staged one to import' {
        $repoManifest = Join-Path $PSScriptRoot '../NorwegianLlama.psd1'
        $result = Invoke-ChildPwsh -Script @"
try { Import-Module '$repoManifest' -ErrorAction Stop; 'imported' } catch { 'refused' }
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() | Should -Be 'refused'
        $staged = 'Import-Module ./output/NorwegianLlama/'
        (Get-Content -LiteralPath $repoManifest -TotalCount 3) -join "`n" | Should -BeLike "*only the source*$staged*"
        Get-Content -LiteralPath (Join-Path $PSScriptRoot '../README.md') -Raw | Should -BeLike "*$staged*the staged module; ./NorwegianLlama.psd1 is the source*"
    }
}
