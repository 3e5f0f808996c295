BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $chooser = Join-Path $PSScriptRoot '../tools/Read-ModelDownloadChoice.ps1'

    function Invoke-Chooser {
        <# Runs the chooser in an interactive pwsh whose console input is -Typed, and returns what it chose. #>
        param([string]$Typed)
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
            $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }
        foreach ($argument in '-NoProfile', '-Command', "'chosen=' + (& '$chooser')") {
            $start.ArgumentList.Add($argument)
        }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $process.StandardInput.Write($Typed)
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $process.ExitCode | Should -Be 0 -Because $stdout
        ($stdout -split "`n" | Where-Object { $_ -like 'chosen=*' }) -replace '^chosen=' -replace '\s+$'
    }
}

Describe 'build.ps1 -Task Chat' {
    It 'downloads nothing when Enter is pressed at the download question' {
        Invoke-Chooser -Typed "`n" | Should -BeExactly ''
    }

    It 'offers the 7B model, and the 13B model only when asked for' {
        Invoke-Chooser -Typed "7`n" | Should -BeExactly '7b'
        Invoke-Chooser -Typed "3`n" | Should -BeExactly '13b'
    }

    It 'asks with the chooser rather than a question whose default is Yes' {
        $script = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../build.ps1') -Raw
        $script | Should -Match 'Read-ModelDownloadChoice\.ps1'
        $script | Should -Not -Match 'ShouldContinue'
    }
}
