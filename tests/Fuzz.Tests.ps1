BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'Fuzz/FuzzBudget.ps1')
}

Describe 'Fuzzing (a 200-case slice of build.ps1 -Task Fuzz)' {
    It 'classifies every mutated model, mutated LoRA adapter and hostile input, and no child pwsh dies' {
        $report = & (Join-Path $PSScriptRoot 'Fuzz/Invoke-Fuzz.ps1') -ModulePath $ModuleManifest `
            -ToolsPath (Split-Path -Parent $TestToolsAssembly) -OutputPath (Join-Path $TestDrive 'fuzz') -SliceSize 200 -PassThru
        $summary = $report.Summary
        $problems = @($report.Results | Where-Object { $_.Outcome -notin 'Succeeded', 'ErrorRecord', 'TerminatingError' } |
                ForEach-Object { "$($_.Index) $($_.Outcome): $($_.Name) $($_.Message)" })

        $summary.Cases | Should -Be 200
        @($report.Results).Count | Should -Be 200
        $summary.ModelCases | Should -BeGreaterThan 100
        $summary.AdapterCases | Should -BeGreaterThan 20
        $summary.InputCases | Should -BeGreaterThan 50
        $summary.GrammarCases | Should -BeGreaterThan 5
        $summary.SchemaCases | Should -BeGreaterThan 5
        $summary.ProcessDeaths | Should -Be 0 -Because ($problems -join "`n")
        $problems | Should -BeNullOrEmpty
        $overBudget = @($report.Results | Where-Object { Test-FuzzOverBudget $_ } | ForEach-Object { "$($_.Index): $($_.Name) took $($_.Milliseconds) ms for $($_.InputBytes) bytes" })
        $summary.OverBudget | Should -Be 0 -Because ($overBudget -join "`n")
        foreach ($result in $report.Results | Where-Object Outcome -NE 'Succeeded') {
            $result.ErrorId | Should -Not -BeNullOrEmpty -Because "case $($result.Index) ($($result.Name)) needs a stable ErrorId"
            $result.Category | Should -Not -BeNullOrEmpty
        }
        # Both halves really ran: intact models and plain inputs succeed, damaged ones are refused.
        @($report.Results | Where-Object Outcome -EQ 'Succeeded').Count | Should -BeGreaterThan 10
        @($report.Results | Where-Object { $_.Kind -eq 'Model' -and $_.ErrorId -like 'Model*' }).Count | Should -BeGreaterThan 50
        @($report.Results | Where-Object { $_.Kind -eq 'Adapter' -and $_.ErrorId -like 'Lora*' }).Count | Should -BeGreaterThan 10
        @($report.Results | Where-Object { $_.Kind -eq 'Adapter' -and $_.Outcome -eq 'Succeeded' }).Count | Should -BeGreaterThan 0
    }
}
