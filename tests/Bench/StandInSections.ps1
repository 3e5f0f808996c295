# Dot-sourced by Invoke-Bench.ps1 (-Scale All or Stand-in): sections a–e on the 4-layer stand-in and the small
# model, each against the plain loop in this process. Uses the helpers and settings of Invoke-Bench.ps1.

$paths = Get-BenchModelPath -OutputPath $OutputPath
foreach ($file in $paths.Bench, $paths.Small) {
    if (-not (Test-Path -LiteralPath $file)) { throw "Missing benchmark model '$file'; run New-BenchModels.ps1 first." }
}

Write-Section 'Loading the stand-in models'

$model = @{ ContextSize = $ContextSize; Threads = $Threads }
# The module configures llama.cpp (search path, log routing) on its first native call; the plain loop comes after.
Import-NorskModel -LiteralPath $paths.Bench
Import-NorskModel -LiteralPath $paths.Small
$PlainLlama = Import-PlainLlama -AssemblyPath (Join-Path $ToolsPath 'NorwegianLlama.Bench.dll')
$plainBench = $PlainLlama::Load($paths.Bench, $true)
$plainSmall = $PlainLlama::Load($paths.Small, $true)
$machine = Get-MachineInfo -PlainType $PlainLlama
$countChat = { param($text) (ConvertTo-NorskPrompt -Message $text -SystemPrompt '' -ModelPath $paths.Bench).TokenCount }

#region a. Invoke-NorskChat vs the plain loop: generation and prompt tokens/s

Write-Section "a. Chat vs plain loop: $Runs runs of a ~$PromptTokens-token prompt and $GenerateTokens generated tokens"
# Every prompt starts with its own word, so an unseeded call finds only the chat template's first tokens in the
# module's warm contexts; those are left out of its count (and checked to be few). The plain loop answers the
# unseeded call's prompt. The seeded variant, with a prompt of its own, shows the reproducible path, which may
# reuse only whole 64-token chunks (so none here) and decodes prompts in aligned 64-token chunks.
$chatRuns = [System.Collections.Generic.List[object]]::new()
$variants = 'module', 'plain', 'seeded'
for ($run = -1; $run -lt $Runs; $run++) {
    $messages = @{}
    foreach ($variant in 'module', 'seeded') {
        $id = 2 * ($run + 1) + [int]($variant -eq 'seeded')
        $messages[$variant] = New-Prose -Id $id -Start $id -MinTokens $PromptTokens -CountTokens $countChat
    }
    $messages.plain = $messages.module
    $prompt = ConvertTo-NorskPrompt -Message $messages.module -SystemPrompt '' -ModelPath $paths.Bench
    $order = foreach ($i in 0..2) { $variants[($i + $run + 1) % 3] }
    foreach ($variant in $order) {
        $message = $messages[$variant]
        if ($variant -eq 'plain') {
            $p = $plainBench.Generate([int[]]$prompt.Tokens, $GenerateTokens, $ContextSize, $Threads, $Temperature, $TopP, $Seed, $false)
            $sample = [ordered]@{
                Variant = 'plain'; PromptTokens = $p.PromptTokenCount; DecodedPromptTokens = $p.DecodedPromptTokenCount
                CompletionTokens = $p.CompletionTokenCount; StopReason = $p.StopReason
                TimeToFirstTokenMs = $p.TimeToFirstTokenMs; DurationMs = $p.DurationMs; WallMs = $p.WallMs
                DecodeMs = $p.DecodeMs; SampleMs = $p.SampleMs
            }
        }
        else {
            $seedArgument = if ($variant -eq 'seeded') { @{ Seed = $Seed } } else { @{} }
            $timed = Invoke-Timed { Invoke-NorskChat -Message $message -SystemPrompt '' -ModelPath $paths.Bench -MaxTokens $GenerateTokens @seedArgument @model }
            $r = $timed.Output
            if ($variant -eq 'module' -and $r.PromptTokenCount -ne $prompt.TokenCount) { throw "Invoke-NorskChat read $($r.PromptTokenCount) prompt tokens, ConvertTo-NorskPrompt gave $($prompt.TokenCount)." }
            if ($r.ReusedPromptTokenCount -gt 4) { throw "Run $run ($variant) reused $($r.ReusedPromptTokenCount) cached prompt tokens; the prompt comparison needs prompts that are not cached." }
            $sample = [ordered]@{
                Variant = $variant; PromptTokens = $r.PromptTokenCount; DecodedPromptTokens = $r.PromptTokenCount - $r.ReusedPromptTokenCount
                CompletionTokens = $r.CompletionTokenCount; StopReason = "$($r.StopReason)"
                TimeToFirstTokenMs = $r.TimeToFirstToken.TotalMilliseconds; DurationMs = $r.Duration.TotalMilliseconds; WallMs = $timed.Ms
            }
        }
        $sample.PromptTokensPerSecond = $sample.DecodedPromptTokens / ($sample.TimeToFirstTokenMs / 1000)
        $sample.GenerationTokensPerSecond = if ($sample.CompletionTokens -gt 1) {
            ($sample.CompletionTokens - 1) / (($sample.DurationMs - $sample.TimeToFirstTokenMs) / 1000)
        } else { $null }
        if ($run -ge 0) { $chatRuns.Add([pscustomobject]$sample) }
    }
}
$details.Chat = $chatRuns
$moduleChat = $chatRuns | Where-Object Variant -EQ 'module'
$seededChat = $chatRuns | Where-Object Variant -EQ 'seeded'
$plainChat = $chatRuns | Where-Object Variant -EQ 'plain'
$plainPromptRates = $plainChat | ForEach-Object PromptTokensPerSecond
Add-Result -Metric 'Chat generation (tokens/s)' -Unit 'tok/s' -Paired `
    -Value ($moduleChat | ForEach-Object GenerationTokensPerSecond) `
    -Baseline ($plainChat | ForEach-Object GenerationTokensPerSecond) -BaselineLabel 'plain loop' `
    -TargetOn Ratio -Operator '>=' -Limit 0.97 `
    -Note "Ratio: the median of the runs' own ratios (each run's two sides answer the same prompt). Unseeded Invoke-NorskChat -SystemPrompt '' -MaxTokens $GenerateTokens vs the plain loop on the same token ids and sampler settings: (tokens − 1) / (duration − time to first token), from the response's own TimeToFirstToken and Duration (its clock starts after tokenising, as the plain loop's does; whole-call overhead is its own row)."
Add-Result -Metric 'Chat prompt reading (tokens/s)' -Unit 'tok/s' -Paired `
    -Value ($moduleChat | ForEach-Object PromptTokensPerSecond) -Baseline $plainPromptRates -BaselineLabel 'plain loop' `
    -TargetOn Ratio -Operator '>=' -Limit 0.97 `
    -Note ("Ratio: the median of the runs' own ratios (each run's two sides read the same prompt). Unseeded; prompt tokens decoded / time to first token, ~{0}-token prompts, a new one every run. The module found at most {1} of them (the chat template's first tokens) in its warm contexts; reused tokens are not counted." -f
        [int](($moduleChat | Measure-Object PromptTokens -Average).Average), ($moduleChat | Measure-Object -Maximum { $_.PromptTokens - $_.DecodedPromptTokens }).Maximum)
Add-Result -Metric 'Chat prompt reading, seeded (tokens/s)' -Unit 'tok/s' `
    -Value ($seededChat | ForEach-Object PromptTokensPerSecond) -Baseline $plainPromptRates -BaselineLabel 'plain loop' `
    -Note 'Context: the same with -Seed, whose reproducible path decodes prompts in aligned 64-token chunks by design; 0 tokens reused.'

#endregion

#region b. Time to first token: turns 2 and 5 warm vs the same prompt cold

Write-Section "b. Conversation turns: $Runs conversations of 5 turns with the default system prompt, warm vs cold"
$questions = @(
    'Hva er hovedstaden i Norge, og hvorfor ble det akkurat den byen?'
    'Kan du fortelle litt mer om historien til byen?'
    'Hvordan er været der om vinteren, og hva gjør folk da?'
    'Hvilke fjell er verdt å gå på i nærheten?'
    'Skriv et kort dikt om fjorden og fjellene.'
)
$turnRuns = [System.Collections.Generic.List[object]]::new()
for ($run = 0; $run -lt $Runs; $run++) {
    # Unseeded, as a person chatting calls it: the whole cached prefix is reused (seeded calls reuse only whole
    # 64-token chunks, so that answers are reproducible).
    $conversation = $null
    $saved = @{}
    for ($turn = 1; $turn -le 5; $turn++) {
        $message = if ($turn -eq 1) { "Samtale $($run + 1). $($questions[0])" } else { $questions[$turn - 1] }
        $arguments = @{ Message = $message; ModelPath = $paths.Bench; MaxTokens = $TurnTokens }
        if ($conversation) { $arguments.Conversation = $conversation }
        $timed = Invoke-Timed { Invoke-NorskChat @arguments @model }
        $r = $timed.Output
        if ($turn -in 2, 5) {
            $saved[$turn] = $arguments
            $turnRuns.Add([pscustomobject][ordered]@{
                    Turn = $turn; Variant = 'warm'; PromptTokens = $r.PromptTokenCount; ReusedPromptTokens = $r.ReusedPromptTokenCount
                    TimeToFirstTokenMs = Get-Ttft $r $timed.Ms; ModuleTimeToFirstTokenMs = $r.TimeToFirstToken.TotalMilliseconds; WallMs = $timed.Ms
                })
        }
        $conversation = $r.Conversation
    }

    # Cold: the same full prompt in a fresh load, so nothing of it is cached.
    $coldOrder = if ($run % 2) { 5, 2 } else { 2, 5 }
    foreach ($turn in $coldOrder) {
        Remove-NorskModel -All
        Import-NorskModel -LiteralPath $paths.Bench
        $arguments = $saved[$turn]
        $timed = Invoke-Timed { Invoke-NorskChat @arguments @model }
        $r = $timed.Output
        if ($r.ReusedPromptTokenCount -ne 0) { throw "The cold turn-$turn call reused $($r.ReusedPromptTokenCount) tokens." }
        $turnRuns.Add([pscustomobject][ordered]@{
                Turn = $turn; Variant = 'cold'; PromptTokens = $r.PromptTokenCount; ReusedPromptTokens = 0
                TimeToFirstTokenMs = Get-Ttft $r $timed.Ms; ModuleTimeToFirstTokenMs = $r.TimeToFirstToken.TotalMilliseconds; WallMs = $timed.Ms
            })
    }
}
$details.Turns = $turnRuns
foreach ($turn in 2, 5) {
    $warm = $turnRuns | Where-Object { $_.Turn -eq $turn -and $_.Variant -eq 'warm' }
    $cold = $turnRuns | Where-Object { $_.Turn -eq $turn -and $_.Variant -eq 'cold' }
    Add-Result -Metric "Turn $turn time to first token (ms)" -Unit 'ms' `
        -Value ($warm | ForEach-Object TimeToFirstTokenMs) -Baseline ($cold | ForEach-Object TimeToFirstTokenMs) -BaselineLabel 'same prompt cold' `
        -TargetOn Ratio -Operator '<=' -Limit 0.25 `
        -Note ('Unseeded Invoke-NorskChat, default system prompt; prompt ~{0} tokens of which ~{1} reused warm. Cold: after Remove-NorskModel -All. Wall time less the generating after the first token.' -f
            [int](($warm | Measure-Object PromptTokens -Average).Average), [int](($warm | Measure-Object ReusedPromptTokens -Average).Average))
}

#endregion

#region c. Invoke-NorskInstruction: -BatchSize 8 vs 1

Write-Section "c. Invoke-NorskInstruction: $Runs runs of $Documents documents, -BatchSize 8 vs 1, $InstructionTokens tokens each"
$instruction = 'Oppsummer teksten på norsk i én setning.'
$instructionRuns = [System.Collections.Generic.List[object]]::new()
for ($run = 0; $run -lt $Runs; $run++) {
    $order = if ($run % 2) { 1, 8 } else { 8, 1 }
    foreach ($batch in $order) {
        # New documents every time, so no run finds another's prompts in the module's warm contexts.
        $texts = foreach ($i in 0..($Documents - 1)) {
            "Dokument $($run + 1)-$batch-$($i + 1). $($Sentences[($i + $run) % $Sentences.Count])"
        }
        $timed = Invoke-Timed { $texts | Invoke-NorskInstruction -Instruction $instruction -BatchSize $batch -MaxTokens $InstructionTokens -ModelPath $paths.Bench @model }
        $responses = @($timed.Output)
        if ($responses.Count -ne $Documents) { throw "-BatchSize $batch answered $($responses.Count) of $Documents documents." }
        $generated = ($responses | Measure-Object CompletionTokenCount -Sum).Sum
        $instructionRuns.Add([pscustomobject][ordered]@{
                BatchSize = $batch; Documents = $responses.Count; CompletionTokens = $generated
                PromptTokens = ($responses | Measure-Object PromptTokenCount -Sum).Sum
                ReusedPromptTokens = ($responses | Measure-Object ReusedPromptTokenCount -Sum).Sum
                WallMs = $timed.Ms; TokensPerSecond = $generated / ($timed.Ms / 1000)
                GenerationTokensPerSecond = Get-GenerationThroughput -Responses $responses -BatchSize $batch
            })
    }
}
$details.Instruction = $instructionRuns
$batch8 = $instructionRuns | Where-Object BatchSize -EQ 8
$batch1 = $instructionRuns | Where-Object BatchSize -EQ 1
Add-Result -Metric "Instruction, $Documents documents, -BatchSize 8 (generation tokens/s)" -Unit 'tok/s' `
    -Value ($batch8 | ForEach-Object GenerationTokensPerSecond) `
    -Baseline ($batch1 | ForEach-Object GenerationTokensPerSecond) -BaselineLabel '-BatchSize 1' `
    -TargetOn Ratio -Operator '>=' -Limit 2.5 `
    -Note ('Aggregate generation throughput, as the issue measures it: tokens sampled after each first token / time from the batch''s last first token to its end, summed over the batches; unseeded, -MaxTokens {0}.' -f $InstructionTokens)
Add-Result -Metric "Instruction, $Documents documents, -BatchSize 8 (generated tokens per wall second)" -Unit 'tok/s' `
    -Value ($batch8 | ForEach-Object TokensPerSecond) `
    -Baseline ($batch1 | ForEach-Object TokensPerSecond) -BaselineLabel '-BatchSize 1' `
    -Note ('The whole pipeline including prompt reading, which does not batch on the CPU; ~{0} prompt tokens per document.' -f
        [int](($batch8 | Measure-Object PromptTokens -Average).Average / $Documents))

#endregion

#region d. Per-call overhead, Get-NorskModelInfo

Write-Section "d. Warm per-call overhead (1-token answer) and Get-NorskModelInfo, $(2 * $Runs) runs each"
$overheadRuns = [System.Collections.Generic.List[object]]::new()
foreach ($which in 'Small', 'Bench') {
    $path = $paths.$which
    $plainModel = if ($which -eq 'Small') { $plainSmall } else { $plainBench }
    $tokens = [int[]](ConvertTo-NorskPrompt -Message 'Hei' -SystemPrompt '' -ModelPath $path).Tokens
    for ($run = -2; $run -lt 2 * $Runs; $run++) {
        $order = if ($run % 2) { 'plain', 'module' } else { 'module', 'plain' }
        $ms = @{}
        foreach ($variant in $order) {
            $ms[$variant] = if ($variant -eq 'module') {
                (Invoke-Timed { Invoke-NorskChat -Message 'Hei' -SystemPrompt '' -ModelPath $path -MaxTokens 1 @model }).Ms
            }
            else {
                (Invoke-Timed { $plainModel.Generate($tokens, 1, $ContextSize, $Threads, $Temperature, $TopP, $Seed, $true) }).Ms
            }
        }
        if ($run -ge 0) {
            $overheadRuns.Add([pscustomobject][ordered]@{ Model = $which; ModuleMs = $ms.module; PlainMs = $ms.plain; OverheadMs = $ms.module - $ms.plain })
        }
    }
}
$details.Overhead = $overheadRuns
foreach ($which in 'Bench', 'Small') {
    $samples = $overheadRuns | Where-Object Model -EQ $which
    $label = if ($which -eq 'Bench') { 'bench model' } else { 'small model' }
    Add-Result -Metric "Warm per-call overhead, $label (ms)" -Unit 'ms' `
        -Value ($samples | ForEach-Object OverheadMs) -Baseline ($samples | ForEach-Object PlainMs) -BaselineLabel 'plain call (wall)' `
        -TargetOn Value -Operator '<=' -Limit 20 -NoRatio `
        -Note ("Wall time of Invoke-NorskChat 'Hei' -SystemPrompt '' -MaxTokens 1 on the cached model (median {0} ms) less that of the plain loop's same answer from its warm KV cache, per run." -f
            (Format-Number (Get-Summary ($samples | ForEach-Object ModuleMs)).Median))
}

$modelInfoFirst = (Invoke-Timed { Get-NorskModelInfo -LiteralPath $paths.Bench }).Ms
$modelInfoMs = foreach ($run in 1..(2 * $Runs)) { (Invoke-Timed { Get-NorskModelInfo -LiteralPath $paths.Bench }).Ms }
$details.ModelInfo = [ordered]@{ FirstMs = $modelInfoFirst; Ms = $modelInfoMs }
Add-Result -Metric 'Get-NorskModelInfo on the bench model (ms)' -Unit 'ms' -Value $modelInfoMs -TargetOn Value -Operator '<=' -Limit 50 `
    -Note ('Get-NorskModelInfo -LiteralPath on the bench model file (32,000-token vocabulary); first call in the process {0} ms.' -f (Format-Number $modelInfoFirst))

#endregion

# Before the LoadMode-None loads below, which read the whole file into private memory.
$peakBeforeLoads = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64

#region d. Model load: module (memory-mapped) vs LLamaSharp's default

Write-Section "d. Model load: Import-NorskModel vs LLamaSharp's default and memory-mapped loads, $Runs runs"
$loadRuns = [System.Collections.Generic.List[object]]::new()
$variants = 'module', 'default', 'mmap'
for ($run = -1; $run -lt $Runs; $run++) {
    $order = foreach ($i in 0..($variants.Count - 1)) { $variants[($i + [Math]::Max(0, $run)) % $variants.Count] }
    foreach ($variant in $order) {
        $ms = switch ($variant) {
            'module' {
                Remove-NorskModel -All
                (Invoke-Timed { Import-NorskModel -LiteralPath $paths.Bench }).Ms
            }
            'default' { $PlainLlama::TimeLoad($paths.Bench, $false) }
            'mmap' { $PlainLlama::TimeLoad($paths.Bench, $true) }
        }
        if ($run -ge 0) { $loadRuns.Add([pscustomobject][ordered]@{ Variant = $variant; Ms = $ms }) }
    }
}
$details.Load = $loadRuns
$defaultLoads = $loadRuns | Where-Object Variant -EQ 'default' | ForEach-Object Ms
Add-Result -Metric 'Model load, Import-NorskModel (ms)' -Unit 'ms' `
    -Value ($loadRuns | Where-Object Variant -EQ 'module' | ForEach-Object Ms) -Baseline $defaultLoads -BaselineLabel 'LLamaSharp default load' `
    -TargetOn Ratio -Operator '<=' -Limit 0.7 `
    -Note 'Import-NorskModel wall time (memory-mapped) vs LLamaWeights.LoadFromFile with ModelParams.LoadMode left at its default; warm page cache.'
Add-Result -Metric 'Model load, plain LLamaSharp memory-mapped (ms)' -Unit 'ms' `
    -Value ($loadRuns | Where-Object Variant -EQ 'mmap' | ForEach-Object Ms) -Baseline $defaultLoads -BaselineLabel 'LLamaSharp default load' `
    -Note 'For reference: the same load with LoadMode = MemoryMap, without the module.'

#endregion

#region d/e. Fresh processes: Import-Module time and the module's own peak RSS

Write-Section "d. Import-Module in $(2 * $Runs) fresh pwsh processes; e. the module's own peak RSS"
$importMs = foreach ($run in 1..(2 * $Runs)) { (Invoke-FreshPwsh @{ ModulePath = $ModulePath; Mode = 'Import' }).ImportMs }
$details.ImportModuleMs = $importMs
Add-Result -Metric 'Import-Module (ms)' -Unit 'ms' -Value $importMs -TargetOn Value -Operator '<=' -Limit 300 `
    -Note 'Import-Module of the staged module, timed inside a fresh pwsh each time.'

$chatChild = Invoke-FreshPwsh @{ ModulePath = $ModulePath; Mode = 'Chat'; ModelPath = $paths.Bench; ContextSize = $ContextSize; Threads = $Threads; MaxTokens = $TurnTokens }
$benchBytes = (Get-Item -LiteralPath $paths.Bench).Length
$peakEnd = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
$details.Memory = [ordered]@{
    ModelFileBytes = $benchBytes; SmallModelFileBytes = (Get-Item -LiteralPath $paths.Small).Length
    BenchProcessPeakBeforeDefaultLoadsBytes = $peakBeforeLoads; BenchProcessPeakBytes = $peakEnd; ModuleOnlyPeakBytes = $chatChild.PeakWorkingSetBytes
}
Add-Result -Metric 'Peak RSS, module only (MB)' -Unit 'MB' -Value ($chatChild.PeakWorkingSetBytes / 1MB) -Baseline ($benchBytes / 1MB) -BaselineLabel 'model file size' `
    -Note "A fresh pwsh: Import-Module, then one default-system-prompt Invoke-NorskChat (-MaxTokens $TurnTokens, context $ContextSize) on the bench model."
Add-Result -Metric 'Peak RSS, bench process (MB)' -Unit 'MB' -Value ($peakEnd / 1MB) -Baseline ($benchBytes / 1MB) -BaselineLabel 'model file size' `
    -Note ('This process: the module and the plain loop each map the model; {0} MB before the non-mapped loads, which read the file into private memory.' -f (Format-Number ($peakBeforeLoads / 1MB)))

#endregion

$plainBench.Dispose()
$plainSmall.Dispose()

# The real-scale section, when it follows, needs the memory these held.
Remove-NorskModel -All
