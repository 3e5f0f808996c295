BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Remove-NorskModel -All
}

Describe 'Remove-NorskModel with paths it cannot resolve' {
    BeforeAll {
        $model = Join-Path $TestDrive 'paths.gguf'
        New-TestModel -Path $model -Spec @{ Name = 'paths' } | Out-Null
    }

    BeforeEach {
        Import-NorskModel -LiteralPath $model
    }

    AfterEach {
        Remove-NorskModel -All
    }

    It 'reports <Case> as ModelPathNotFileSystem and unloads nothing (<Parameter>)' -TestCases @(
        @{ Case = 'a drive that does not exist'; Parameter = 'Path'; Given = 'nosuchdrive:/m.gguf' }
        @{ Case = 'a drive that does not exist'; Parameter = 'LiteralPath'; Given = 'nosuchdrive:/m.gguf' }
        @{ Case = 'a Windows drive letter that does not exist'; Parameter = 'Path'; Given = 'Q:\nope.gguf' }
        @{ Case = 'a wildcard on a drive that does not exist'; Parameter = 'Path'; Given = 'nosuchdrive:/*.gguf' }
        @{ Case = 'another provider'; Parameter = 'Path'; Given = 'Env:\PATH' }
        @{ Case = 'another provider'; Parameter = 'LiteralPath'; Given = 'Function:\prompt' }
    ) {
        param($Case, $Parameter, $Given)
        $arguments = @{ $Parameter = $Given }
        Remove-NorskModel @arguments -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelPathNotFileSystem,NorwegianLlama.Commands.RemoveNorskModelCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be $Given
        (Get-NorskModelInfo -Loaded).Path | Should -Be $model
    }

    It 'stops on such a path with -ErrorAction Stop, as an ErrorRecord rather than a raw exception' {
        { Remove-NorskModel -Path 'nosuchdrive:/m.gguf' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ModelPathNotFileSystem,NorwegianLlama.Commands.RemoveNorskModelCommand'
    }

    It 'goes on with the other paths after one it cannot resolve' {
        Remove-NorskModel -Path 'nosuchdrive:/m.gguf', $model -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
    }

    It 'says ModelNotLoaded for a path with a NUL in it' {
        Remove-NorskModel -LiteralPath "pa`0ths.gguf" -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelNotLoaded,NorwegianLlama.Commands.RemoveNorskModelCommand'
        (Get-NorskModelInfo -Loaded).Path | Should -Be $model
    }

    It 'resolves <Case> against the current location' -TestCases @(
        @{ Case = 'a relative -Path'; Parameter = 'Path'; Given = './paths.gguf' }
        @{ Case = 'a relative -LiteralPath'; Parameter = 'LiteralPath'; Given = 'paths.gguf' }
        @{ Case = 'a -Path wildcard'; Parameter = 'Path'; Given = './pat*.gguf' }
    ) {
        param($Case, $Parameter, $Given)
        Push-Location -LiteralPath $TestDrive
        try {
            $arguments = @{ $Parameter = $Given }
            Remove-NorskModel @arguments -ErrorAction Stop
        }
        finally {
            Pop-Location
        }
        Get-NorskModelInfo -Loaded | Should -BeNullOrEmpty
    }

    It 'reports an object whose path is on a drive that does not exist' {
        [NorwegianLlama.NorskModelInfo]@{ Path = 'nosuchdrive:/paths.gguf' } | Remove-NorskModel -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelPathNotFileSystem,NorwegianLlama.Commands.RemoveNorskModelCommand'
        (Get-NorskModelInfo -Loaded).Path | Should -Be $model
    }
}
