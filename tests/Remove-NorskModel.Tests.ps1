BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # These tests count what is loaded, so they start from an empty process-wide cache.
    Remove-NorskModel -All
}

Describe 'Remove-NorskModel' {
    BeforeAll {
        $model = Join-Path $TestDrive 'cache.gguf'
        New-TestModel -Path $model -Spec @{ Name = 'cache'; KvHeads = 2 } | Out-Null
    }

    AfterEach {
        Remove-NorskModel -All
    }

    It 'matches relative wildcards against the current folder' {
        Import-NorskModel -Path $model
        Push-Location -LiteralPath $TestDrive
        try {
            Remove-NorskModel -Path './cache*'
        }
        finally {
            Pop-Location
        }
        Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
    }

    It 'unloads what Get-NorskModelInfo -Loaded pipes in' {
        Import-NorskModel -Path $model
        Get-NorskModelInfo -Loaded | Remove-NorskModel
        Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
    }

    It 'matches loaded models by wildcard' {
        Import-NorskModel -Path $model
        Remove-NorskModel -Path 'cache.*'
        Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
    }

    It 'honours -WhatIf' {
        Import-NorskModel -Path $model
        Remove-NorskModel -All -WhatIf
        (Get-NorskModelInfo -Loaded).Path | Should -Be $model
    }

    It 'reports a model that is not loaded' {
        Remove-NorskModel -Path $model -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelNotLoaded,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
