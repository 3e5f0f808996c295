<#
.SYNOPSIS
Turns output/fuzz/results.json and soak.json into docs/reliability.md and a pass/fail verdict.
#>
param(
    [Parameter(Mandatory)][string]$FuzzPath,
    [Parameter(Mandatory)][string]$ReportPath
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'FuzzBudget.ps1')
$fuzz = Get-Content -LiteralPath (Join-Path $FuzzPath 'results.json') -Raw | ConvertFrom-Json -AsHashtable
$soak = Get-Content -LiteralPath (Join-Path $FuzzPath 'soak.json') -Raw | ConvertFrom-Json -AsHashtable
$s = $fuzz.Summary
$mb = { param($bytes) '{0:N0} MB' -f ($bytes / 1MB) }

$cpu = ((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -split ':\s*', 2)[1]
$memory = [long]((Get-Content /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -replace '\D', '') * 1KB
$os = if (Test-Path /etc/os-release) { ((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -split '=', 2)[1].Trim('"') } else { [Environment]::OSVersion.VersionString }

$passed = $s.ProcessDeaths -eq 0 -and $s.Unhandled -eq 0 -and $s.Hangs -eq 0 -and $s.HarnessErrors -eq 0 -and $s.OverBudget -eq 0 -and $s.ModelCases -ge 2000 -and $s.InputCases -ge 500 `
    -and $soak.Failures -eq 0 -and $soak.RssGrowth -lt 0.05 -and $soak.OpenFilesGrowth -le 2

$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('# Reliability')
$lines.Add('')
$lines.Add('Written by `build.ps1 -Task Fuzz` (tests/Fuzz): nothing a user feeds the cmdlets may kill the pwsh process. Every case')
$lines.Add('runs in a child pwsh; a child that dies is recorded as a ProcessDeath for the case it was running and a new child')
$lines.Add('goes on from the next case. The acceptance is 0 process deaths and no exception without an ErrorId of ours.')
$lines.Add('')
$lines.Add('## Fuzzing')
$lines.Add('')
$lines.Add('| Measure | Value |')
$lines.Add('| --- | --- |')
$lines.Add("| Model mutations (seeded, from generated models) | $($s.ModelCases) |")
$lines.Add("| LoRA adapter mutations (seeded, for the generated models) | $($s.AdapterCases) |")
$lines.Add("| Hostile inputs (every exported cmdlet) | $($s.InputCases) |")
$lines.Add("| of which hostile GBNF grammars for -Grammar | $($s.GrammarCases) |")
$lines.Add("| of which hostile JSON Schemas for -JsonSchema | $($s.SchemaCases) |")
$lines.Add("| **Process deaths** | **$($s.ProcessDeaths)** |")
$lines.Add("| Unhandled exceptions (no ErrorId) | $($s.Unhandled) |")
$lines.Add("| Hangs (no answer within the case timeout) | $($s.Hangs) |")
$lines.Add("| Harness errors | $($s.HarnessErrors) |")
$lines.Add("| **Hostile inputs over the time budget** | **$($s.OverBudget)** |")
$lines.Add("| Child processes started | $($s.ChildProcesses) |")
$lines.Add("| Run time | $($s.Seconds) s |")
$lines.Add('')
$lines.Add('| Outcome | Cases |')
$lines.Add('| --- | --- |')
foreach ($pair in $s.ByOutcome.GetEnumerator()) { $lines.Add("| $($pair.Key) | $($pair.Value) |") }
$lines.Add('')
$lines.Add('Errors by outcome, ErrorCategory and ErrorId:')
$lines.Add('')
$lines.Add('| Outcome | Category | ErrorId | Cases |')
$lines.Add('| --- | --- | --- | --- |')
foreach ($pair in $s.ByError.GetEnumerator()) {
    $parts = $pair.Key -split ' \| '
    $lines.Add("| $($parts[0]) | $($parts[1]) | $($parts[2]) | $($pair.Value) |")
}

function Add-FamilyTable {
    <# Cases of one kind by family: how many were refused with an ErrorRecord, how many ran every cmdlet. #>
    param([string]$Kind)
    $lines.Add("| $Kind family | Cases | Refused with an ErrorRecord | Ran every cmdlet |")
    $lines.Add('| --- | --- | --- | --- |')
    foreach ($group in $fuzz.Results | Where-Object { $_.Kind -eq $Kind } | Group-Object { $_.Family } | Sort-Object Name) {
        $refused = @($group.Group | Where-Object { $_.Outcome -in 'ErrorRecord', 'TerminatingError' }).Count
        $ran = @($group.Group | Where-Object { $_.Outcome -eq 'Succeeded' }).Count
        $lines.Add("| $($group.Name) | $($group.Count) | $refused | $ran |")
    }
}

$lines.Add('')
$lines.Add('Each model case writes the mutated file and runs Get-NorskModelInfo, Import-NorskModel, ConvertTo-NorskPrompt -ModelPath,')
$lines.Add('Invoke-NorskChat, Invoke-NorskInstruction and Remove-NorskModel on it until one reports an error. ForeignFormat holds')
$lines.Add('safetensors, GPTQ, PyTorch and pre-GGUF GGML files, whole and damaged (tests/Fuzz/ForeignFormats.cs, tests/TestModels/ForeignFiles.cs). By family:')
$lines.Add('')
Add-FamilyTable -Kind 'Model'
$lines.Add('')
$lines.Add('Each adapter case writes a LoRA adapter for one of the generated base models, damaged by its family')
$lines.Add('(tests/Fuzz/AdapterMutator.cs; NotAnAdapter gives a model, a PEFT safetensors file or noise instead), picks a finite')
$lines.Add('-LoraScale (0, ±1, 1000, ±1e30, float.MaxValue, …), and runs Import-NorskModel, Invoke-NorskChat, Invoke-NorskInstruction,')
$lines.Add('Invoke-NorskChat -Grammar (all with -LoraPath) and Remove-NorskModel until one reports an error; Get-NorskModelInfo')
$lines.Add('reads the adapter on its own as well. By family:')
$lines.Add('')
Add-FamilyTable -Kind 'Adapter'
$lines.Add('')
$lines.Add('Each input case hands one hostile string (NUL, lone surrogates, control and bidi characters, CRLF, emoji, 1 MB strings,')
$lines.Add('every special-token spelling, paths, …; tests/Fuzz/HostileText.cs) to one parameter of one cmdlet, or calls a cmdlet with an')
$lines.Add('odd parameter value (huge -MaxTokens, NaN, negative, empty, special files, refused downloads, -LoraScale NaN and')
$lines.Add('counts, models as adapters and adapters as models, -AsObject cut short). By cmdlet:')
$lines.Add('')
$lines.Add('| Cmdlet or call | Cases | Succeeded | ErrorRecord | TerminatingError |')
$lines.Add('| --- | --- | --- | --- | --- |')
foreach ($group in $fuzz.Results | Where-Object { $_.Kind -eq 'Input' -and $_.Surface -in 'Text', 'Odd' } | Group-Object { if ($_.Family -like '*-Norsk*') { $_.Family } else { 'odd parameter values' } } | Sort-Object Name) {
    $count = { param($outcome) @($group.Group | Where-Object Outcome -EQ $outcome).Count }
    $lines.Add("| $($group.Name) | $($group.Count) | $(& $count 'Succeeded') | $(& $count 'ErrorRecord') | $(& $count 'TerminatingError') |")
}
$lines.Add('')
$lines.Add('Each grammar case hands one GBNF grammar to -Grammar (tests/Fuzz/HostileGrammar.cs: unbalanced brackets and quotes,')
$lines.Add('x{0,100000}, nesting 100,000 deep, left recursion, undefined rules, NUL, \uD800, characters no token writes, megabyte')
$lines.Add('literals, then seeded mutations of json.gbnf-style and other valid grammars); each schema case hands one JSON Schema to')
$lines.Add('-JsonSchema (tests/Fuzz/HostileSchema.cs: deep nesting, huge enums, recursive and dangling $ref, odd types, non-JSON')
$lines.Add('text, giant and contradictory bounds, unicode keys, then seeded mutations), as text, hashtable or object. An answer may')
$lines.Add('end at a grammar dead end (StopReason GrammarDeadEnd) when the model has no token for what the grammar demands. By call:')
$lines.Add('')
$lines.Add('| Call | Cases | Succeeded | of which a grammar dead end | ErrorRecord | TerminatingError |')
$lines.Add('| --- | --- | --- | --- | --- | --- |')
foreach ($group in $fuzz.Results | Where-Object { $_.Kind -eq 'Input' -and $_.Surface -in 'Grammar', 'JsonSchema' } | Group-Object { $_.Family } | Sort-Object Name) {
    $count = { param($outcome) @($group.Group | Where-Object Outcome -EQ $outcome).Count }
    $deadEnds = @($group.Group | Where-Object { $_.Outcome -eq 'Succeeded' -and "$($_.StopReasons)" -like '*GrammarDeadEnd*' }).Count
    $lines.Add("| $($group.Name) | $($group.Count) | $(& $count 'Succeeded') | $deadEnds | $(& $count 'ErrorRecord') | $(& $count 'TerminatingError') |")
}
$lines.Add('')
$lines.Add('## Time budget')
$lines.Add('')
$lines.Add("No input may cost more than its size warrants: a hostile-input case fails the run when it takes over $FuzzBudgetSecondsPerMB s per MB of")
$lines.Add("input (UTF-8), or over $FuzzBudgetSmallSeconds s in all for an input under $($FuzzBudgetSmallBytes / 1KB) KB. A case is one cmdlet call with the input, timed in")
$lines.Add('the child from start to its last output, model loading included. By input family, the slowest case per MB (for')
$lines.Add('inputs under 100 KB, the slowest case):')
$lines.Add('')
$lines.Add('| Input family | Cases | Largest input | Slowest case | Its time | Its time per MB | Over budget |')
$lines.Add('| --- | --- | --- | --- | --- | --- | --- |')
$timed = @($fuzz.Results | Where-Object { $_.Kind -eq 'Input' -and $null -ne $_.InputBytes -and $null -ne $_.Milliseconds })
foreach ($group in $timed | Group-Object { $_.InputName } | Sort-Object { ($_.Group | Measure-Object InputBytes -Maximum).Maximum } -Descending) {
    $slowest = $group.Group | Sort-Object { Get-FuzzSecondsPerMB $_ } -Descending | Select-Object -First 1
    $largest = ($group.Group | Measure-Object InputBytes -Maximum).Maximum
    $size = if ($largest -ge 1MB) { '{0:N1} MB' -f ($largest / 1MB) } elseif ($largest -ge 1KB) { '{0:N0} KB' -f ($largest / 1KB) } else { "$largest B" }
    $over = @($group.Group | Where-Object { Test-FuzzOverBudget $_ }).Count
    $call = ($slowest.Name -split ' <- ')[0] -replace '\|', '/'
    # Under 100 KB the budget is the time itself: a rate per MB of a few bytes says nothing.
    $rate = if ($slowest.InputBytes -ge $FuzzBudgetSmallBytes) { '{0:N2} s' -f (Get-FuzzSecondsPerMB $slowest) } else { '—' }
    $lines.Add(('| {0} | {1} | {2} | {3} | {4:N2} s | {5} | {6} |' -f ($group.Name -replace '\|', '/'), $group.Count, $size, $call, ($slowest.Milliseconds / 1000), $rate, $over))
}
$bad = @($fuzz.Results | Where-Object { $_.Outcome -in 'ProcessDeath', 'UnhandledException', 'Hang', 'HarnessError' -or (Test-FuzzOverBudget $_) })
if ($bad.Count) {
    $lines.Add('')
    $lines.Add('Cases that failed the acceptance:')
    $lines.Add('')
    foreach ($case in $bad | Select-Object -First 40) {
        $what = if (Test-FuzzOverBudget $case) { '{0}, over the time budget: {1:N1} s for {2:N0} bytes' -f $case.Outcome, ($case.Milliseconds / 1000), $case.InputBytes } else { $case.Outcome }
        $lines.Add("- case $($case.Index) ($what): $($case.Name -replace '\|', '/')")
    }
}
$lines.Add('')
$lines.Add('## Soak')
$lines.Add('')
$lines.Add("$($soak.Calls) sequential seeded calls (two of three Invoke-NorskChat, one Invoke-NorskInstruction) on one cached")
$lines.Add("≈ 80 MB generated model, after $($soak.WarmUpCalls) warm-up calls of the same mix (the resident set settles over the first few")
$lines.Add('hundred calls, as each thread-pool thread that runs llama.cpp gets its own malloc arena, and then stays flat). Contexts are')
$lines.Add('counted from llama.cpp''s own log lines; memory is read from /proc/self after a compacting collection.')
$lines.Add('')
$lines.Add('| Measure | Value |')
$lines.Add('| --- | --- |')
$lines.Add("| Failed calls | $($soak.Failures) |")
$lines.Add("| Run time | $($soak.Seconds) s |")
$lines.Add("| Resident set after warm-up → after the soak | $(& $mb $soak.AfterWarmUp.RssBytes) → $(& $mb $soak.AfterSoak.RssBytes) |")
$lines.Add("| **RSS growth** (limit 5 %) | **$('{0:P2}' -f $soak.RssGrowth)** |")
$lines.Add("| Open files after warm-up → after the soak | $($soak.AfterWarmUp.OpenFiles) → $($soak.AfterSoak.OpenFiles) |")
$lines.Add("| Threads after warm-up → after the soak | $($soak.AfterWarmUp.Threads) → $($soak.AfterSoak.Threads) |")
$lines.Add("| llama.cpp contexts created during warm-up / during the soak | $($soak.ContextsWarmUp) / $($soak.ContextsCreatedInSoak) |")
$lines.Add('')
$lines.Add('Every 100 calls: ' + (($soak.Samples | ForEach-Object { "$($_.Call): $(& $mb $_.RssBytes)" }) -join ', ') + '.')
$lines.Add('')
$lines.Add('Freeing:')
$lines.Add('')
$lines.Add('| Moment | Resident set | Open files |')
$lines.Add('| --- | --- | --- |')
$lines.Add("| Before the first call | $(& $mb $soak.Before.RssBytes) | $($soak.Before.OpenFiles) |")
$lines.Add("| After the soak | $(& $mb $soak.AfterSoak.RssBytes) | $($soak.AfterSoak.OpenFiles) |")
$lines.Add("| After Remove-NorskModel -All | $(& $mb $soak.AfterRemoveNorskModel.RssBytes) | $($soak.AfterRemoveNorskModel.OpenFiles) |")
$lines.Add("| After loading it again | $(& $mb $soak.AfterReload.RssBytes) | $($soak.AfterReload.OpenFiles) |")
$lines.Add("| After Remove-Module NorwegianLlama | $(& $mb $soak.AfterRemoveModule.RssBytes) | $($soak.AfterRemoveModule.OpenFiles) |")
$lines.Add('')
$lines.Add('## How to reproduce')
$lines.Add('')
$lines.Add('```sh')
$lines.Add('dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Fuzz')
$lines.Add('```')
$lines.Add('')
$lines.Add('Every case is derived from its number alone (tests/Fuzz/FuzzCases.ps1, ModelMutator.cs, AdapterMutator.cs, HostileGrammar.cs,
HostileSchema.cs), so a run repeats exactly.')
$lines.Add('Per-case outcomes are in output/fuzz/results.json, the soak''s samples in output/fuzz/soak.json. The normal test')
$lines.Add('suite runs a 200-case slice of the same cases (tests/Fuzz.Tests.ps1) and a 200-call soak (tests/Reliability.Tests.ps1).')
$lines.Add('')
$lines.Add('## The machine')
$lines.Add('')
$lines.Add("- $cpu, $([Environment]::ProcessorCount) logical cores, $(& $mb $memory) memory")
$lines.Add("- $os, PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version)")
$lines.Add("- Run on $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC")
$lines.Add('')

Set-Content -LiteralPath $ReportPath -Value ($lines -join "`n") -Encoding utf8 -NoNewline
$summaryLine = "Fuzz: $($s.ModelCases) model, $($s.AdapterCases) adapter and $($s.InputCases) input cases, $($s.ProcessDeaths) process deaths, $($s.Unhandled) unhandled, $($s.Hangs) hangs, $($s.OverBudget) over the time budget; soak RSS growth $('{0:P2}' -f $soak.RssGrowth)"
[pscustomobject]@{ Passed = $passed; Lines = @($summaryLine, "Wrote $ReportPath") }
