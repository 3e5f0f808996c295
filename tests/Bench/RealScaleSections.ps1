# Dot-sourced by Invoke-Bench.ps1 (-Scale All or Real): the module against the plain loop on a sparse file with
# the exact layout of llama.cpp's Q4_K_M conversion of Llama-2 -Size (New-BenchModels.ps1 writes it). Its weights
# are zeros, so answers are noise, but llama.cpp maps, repacks and computes at full size: load, context, prompt
# and generation cost what the real model costs. Uses the helpers and settings of Invoke-Bench.ps1.

$real = Get-RealScaleModelPath -OutputPath $OutputPath -Size $Size
foreach ($file in $real.Model, $real.Manifest) {
    if (-not (Test-Path -LiteralPath $file)) { throw "Missing real-scale file '$file'; run New-BenchModels.ps1 -Scale Real -Size $Size first." }
}
$realMade = Get-Content -LiteralPath $real.Manifest -Raw | ConvertFrom-Json
$realPath = $real.Model
$realWork = Join-Path (Split-Path -Parent $realPath) 'work'
New-Item -ItemType Directory -Path $realWork -Force | Out-Null
$realDetails = [ordered]@{ Model = $realMade }
$details.RealScale = $realDetails

function Invoke-SampledFreshPwsh {
    <#
    Runs Measure-FreshProcess.ps1 in a new pwsh, reading its /proc/<pid>/status every 100 ms meanwhile, and
    returns its JSON result with the peaks of RssAnon (private memory: repacked weights, KV cache, heaps), RssFile
    (file-backed: the mapped model, binaries) and VmRSS. The peaks of the two parts may fall at different moments.
    #>
    param([hashtable]$Parameters, [string]$Name)
    $argv = [System.Collections.Generic.List[string]]::new()
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        $argv.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    $argv.AddRange([string[]]@('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-FreshProcess.ps1')))
    foreach ($key in $Parameters.Keys) {
        $argv.Add("-$key")
        $argv.Add([string]$Parameters[$key])
    }
    # Start-Process joins its arguments with spaces, so each one is quoted.
    $quoted = $argv | ForEach-Object { '"{0}"' -f ($_ -replace '"', '\"') }
    $stdout = Join-Path $realWork "$Name.out.txt"
    $stderr = Join-Path $realWork "$Name.err.txt"
    $child = Start-Process -FilePath ([Environment]::ProcessPath) -ArgumentList $quoted -NoNewWindow -PassThru `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    $peak = @{ VmRSS = 0L; RssAnon = 0L; RssFile = 0L }
    $samples = 0
    $status = "/proc/$($child.Id)/status"
    while (-not $child.HasExited) {
        try {
            foreach ($line in [System.IO.File]::ReadAllLines($status)) {
                if ($line -match '^(VmRSS|RssAnon|RssFile):\s+(\d+) kB') {
                    $peak[$Matches[1]] = [Math]::Max($peak[$Matches[1]], 1KB * [long]$Matches[2])
                }
            }
            $samples++
        }
        catch [System.IO.IOException], [System.UnauthorizedAccessException] {
            # The child ended between the check and the read.
        }
        Start-Sleep -Milliseconds 100
    }
    $child.WaitForExit()
    if ($child.ExitCode -ne 0) {
        throw "The fresh pwsh ($Name) failed (exit code $($child.ExitCode)): $((Get-Content -LiteralPath $stdout, $stderr -ErrorAction Ignore | Select-Object -Last 20) -join "`n")"
    }
    $result = Get-Content -LiteralPath $stdout | Select-Object -Last 1 | ConvertFrom-Json
    $result | Add-Member -NotePropertyMembers ([ordered]@{
            PeakRssAnonBytes = $peak.RssAnon; PeakRssFileBytes = $peak.RssFile; PeakVmRssBytes = $peak.VmRSS; MemorySamples = $samples
        })
    $result
}

function Get-PlainTtft {
    <# Time to first token as the caller of the plain loop sees it, context creation included. #>
    param($Run)
    $Run.WallMs - ($Run.DurationMs - $Run.TimeToFirstTokenMs)
}

function Get-Rate {
    param([double]$Tokens, [double]$Milliseconds)
    if ($Milliseconds -gt 0 -and $Tokens -gt 0) { $Tokens / ($Milliseconds / 1000) } else { $null }
}

$info = Get-NorskModelInfo -LiteralPath $realPath
$realDetails.ModelInfo = [ordered]@{
    SizeBytes = $info.SizeBytes; ParameterCount = $info.ParameterCount; FileType = $info.FileType; TensorCount = $info.TensorCount
    VocabularySize = $info.VocabularySize; BlockCount = $info.BlockCount; EmbeddingLength = $info.EmbeddingLength
}
Write-Section ('Real scale: {0}-shaped {1}, {2:N2} GB ({3:N0} MB on disk), {4:N2} B parameters, {5} tensors; vocabulary: {6}' -f
    $Size, $info.FileType, ($info.SizeBytes / 1e9), ($realMade.DiskBytes / 1MB), ($info.ParameterCount / 1e9), $info.TensorCount, $realMade.Vocabulary)
if (-not $realMade.RealVocabulary) {
    Write-Warning 'The real-scale model has a SYNTHETIC vocabulary (npm was unavailable): prompts have other token counts than with Llama-2''s own.'
}

# Invoke-NorskChat's defaults: the trained context capped at 4096 and one thread per physical core. The plain loop
# gets the same numbers. The prompt is tokenised here, vocabulary only, which also sets up llama.cpp the module's way.
$realContext = [int][Math]::Min(4096, $info.ContextLength)
$realQuestion = 'Hei! Hva er hovedstaden i Norge, og hvorfor ble det akkurat den byen?'
$realFollowUp = 'Kan du fortelle litt mer om historien til byen?'
$null = ConvertTo-NorskPrompt -Message 'Hei' -SystemPrompt '' -ModelPath $realPath
if (-not (Get-Variable PlainLlama -Scope Script -ErrorAction Ignore)) {
    $PlainLlama = Import-PlainLlama -AssemblyPath (Join-Path $ToolsPath 'NorwegianLlama.Bench.dll')
}
if (-not $machine) { $machine = Get-MachineInfo -PlainType $PlainLlama }
$realThreads = if ($machine.PhysicalCores) { [int]$machine.PhysicalCores } else { [Environment]::ProcessorCount }

#region Real scale: fresh processes, start to first token and memory

Write-Section "Real scale: $RealRuns × 4 fresh pwsh processes, start to first token with the card's system prompt"
# The module runs three times per round: with the prompt cache off; with a cache that one untimed start filled
# first, so the card's system prompt is restored rather than read; and as every start ran before the real-scale
# work (cache off, f16 KV, the whole context allocated at once, no huge-page advice), the baseline of the start-up
# targets. Each of those is one of the module's switches, so "before" is today's code with them turned off.
$promptCacheFolder = Join-Path $realWork 'prompt-cache'
Remove-Item -LiteralPath $promptCacheFolder -Recurse -Force -ErrorAction Ignore
$env:NORSK_CACHE_DIR = $promptCacheFolder
$warmMessagePath = Join-Path $realWork 'warm-message.txt'
Set-Content -LiteralPath $warmMessagePath -Value "Forberedelse. $realQuestion" -NoNewline -Encoding utf8
$env:NORSK_PROMPT_CACHE = '1'
$null = Invoke-SampledFreshPwsh -Name 'fresh-cache-fill' -Parameters ([ordered]@{
        ModulePath = $ModulePath; ModelPath = $realPath; MaxTokens = 2; Mode = 'FirstToken'; MessagePath = $warmMessagePath })
$realDetails.PromptCacheBytes = (Get-ChildItem -LiteralPath $promptCacheFolder -File -Recurse -ErrorAction Ignore | Measure-Object Length -Sum).Sum
if (-not $realDetails.PromptCacheBytes) { throw "The cache-filling start wrote nothing to '$promptCacheFolder'." }
$freshRuns = [System.Collections.Generic.List[object]]::new()
for ($run = 0; $run -lt $RealRuns; $run++) {
    # A new question each run; both sides of a run read the same prompt.
    $message = "Spørsmål $($run + 1). $realQuestion"
    $messagePath = Join-Path $realWork 'message.txt'
    Set-Content -LiteralPath $messagePath -Value $message -NoNewline -Encoding utf8
    $tokensPath = Join-Path $realWork 'tokens.txt'
    Set-Content -LiteralPath $tokensPath -Value ((ConvertTo-NorskPrompt -Message $message -ModelPath $realPath).Tokens -join ',') -NoNewline
    $order = @('module', 'cached', 'before', 'plain')[(0..3 | ForEach-Object { ($_ + $run) % 4 })]
    foreach ($variant in $order) {
        $parameters = [ordered]@{ ModulePath = $ModulePath; ModelPath = $realPath; MaxTokens = $RealGenerateTokens }
        $env:NORSK_PROMPT_CACHE = if ($variant -eq 'cached') { '1' } else { '0' }
        $env:NORSK_HUGE_PAGES = $env:NORSK_CONTEXT_GROWTH = if ($variant -eq 'before') { '0' } else { $null }
        if ($variant -ne 'plain') {
            $parameters.Mode = 'FirstToken'
            $parameters.MessagePath = $messagePath
            if ($variant -eq 'before') { $parameters.KvCacheType = 'F16' }
        }
        else {
            $parameters.Mode = 'PlainFirstToken'
            $parameters.ToolsPath = $ToolsPath
            $parameters.TokensPath = $tokensPath
            $parameters.ContextSize = $realContext
            $parameters.Threads = $realThreads
            $parameters.Temperature = $Temperature
            $parameters.TopP = $TopP
        }
        $child = Invoke-SampledFreshPwsh -Parameters $parameters -Name "fresh-$variant-$run"
        $freshRuns.Add([pscustomobject][ordered]@{
                Variant = $variant; StartToFirstTokenMs = $child.StartToFirstTokenMs; ProcessStartToCallMs = $child.ProcessStartToCallMs
                CallTimeToFirstTokenMs = $child.CallTimeToFirstTokenMs; PromptTokens = $child.PromptTokenCount; CompletionTokens = $child.CompletionTokenCount
                PeakRssAnonBytes = $child.PeakRssAnonBytes; PeakRssFileBytes = $child.PeakRssFileBytes; PeakVmRssBytes = $child.PeakVmRssBytes
                MemorySamples = $child.MemorySamples
            })
    }
}
$env:NORSK_PROMPT_CACHE = '0'
$env:NORSK_HUGE_PAGES = $env:NORSK_CONTEXT_GROWTH = $null
$realDetails.Fresh = $freshRuns
$freshModule = $freshRuns | Where-Object Variant -EQ 'module'
$freshCached = $freshRuns | Where-Object Variant -EQ 'cached'
$freshPlain = $freshRuns | Where-Object Variant -EQ 'plain'
$freshBefore = $freshRuns | Where-Object Variant -EQ 'before'
$freshPrompt = [int](($freshModule | Measure-Object PromptTokens -Average).Average)
Add-Result -Metric "Real $Size`: fresh process, start to first token (ms)" -Unit 'ms' -Paired `
    -Value ($freshModule | ForEach-Object StartToFirstTokenMs) -Baseline ($freshPlain | ForEach-Object StartToFirstTokenMs) -BaselineLabel 'plain loop' `
    -Note ("A new pwsh each: process start, Import-Module, one Invoke-NorskChat with its defaults (the card's system prompt, context $realContext, ~$freshPrompt prompt tokens, -MaxTokens $RealGenerateTokens) to its first token. Plain: the same from process start, less the module's llama.cpp setup, then LLamaWeights memory-mapped, a context of $realContext with $realThreads threads, the same token ids.")
Add-Result -Metric "Real $Size`: fresh process with a warm prompt cache, start to first token (ms)" -Unit 'ms' -Paired `
    -Value ($freshCached | ForEach-Object StartToFirstTokenMs) -Baseline ($freshBefore | ForEach-Object StartToFirstTokenMs) -BaselineLabel 'module as before' `
    -TargetOn Ratio -Operator '<=' -Limit 0.5 `
    -Note ('The same start with the prompt cache on, after one untimed start saved the card''s system prompt ({0:N0} MB in the cache folder): the saved prefix is restored from disk instead of read. Baseline: the module as every start ran before (NORSK_PROMPT_CACHE=0, -KvCacheType F16, NORSK_CONTEXT_GROWTH=0, NORSK_HUGE_PAGES=0), in the same round.' -f ($realDetails.PromptCacheBytes / 1MB))
Add-Result -Metric "Real $Size`: fresh process with the prompt cache off, start to first token (ms)" -Unit 'ms' -Paired `
    -Value ($freshModule | ForEach-Object StartToFirstTokenMs) -Baseline ($freshBefore | ForEach-Object StartToFirstTokenMs) -BaselineLabel 'module as before' `
    -TargetOn Ratio -Operator '<=' -Limit 1.0 `
    -Note 'Today''s defaults with NORSK_PROMPT_CACHE=0 (a first start, or the cache turned off): no slower than before.'
Add-Result -Metric "Real $Size`: fresh process with a warm prompt cache vs the plain loop (ms)" -Unit 'ms' -Paired `
    -Value ($freshCached | ForEach-Object StartToFirstTokenMs) -Baseline ($freshPlain | ForEach-Object StartToFirstTokenMs) -BaselineLabel 'plain loop' `
    -Note 'The warm-cache start against the plain loop reading the whole prompt.'
Add-Result -Metric "Real $Size`: fresh process, peak RssAnon (MB)" -Unit 'MB' -Paired `
    -Value ($freshModule | ForEach-Object { $_.PeakRssAnonBytes / 1MB }) -Baseline ($freshPlain | ForEach-Object { $_.PeakRssAnonBytes / 1MB }) -BaselineLabel 'plain loop' `
    -Note 'Private memory of the same fresh processes, /proc/<pid>/status sampled every 100 ms: llama.cpp''s repacked weights, the KV cache, compute buffers and the .NET heaps.'
Add-Result -Metric "Real $Size`: fresh process, peak RssAnon vs before (MB)" -Unit 'MB' -Paired `
    -Value ($freshModule | ForEach-Object { $_.PeakRssAnonBytes / 1MB }) -Baseline ($freshBefore | ForEach-Object { $_.PeakRssAnonBytes / 1MB }) -BaselineLabel 'module as before (whole context)' `
    -TargetOn Ratio -Operator '<=' -Limit 0.8 `
    -Note "Context ${realContext}: the module's defaults (f16, the KV cache sized to the call and grown as needed) against all $realContext cells allocated at once; the speed of each choice is in the rows below."
Add-Result -Metric "Real $Size`: fresh process, peak RssFile (MB)" -Unit 'MB' -Paired `
    -Value ($freshModule | ForEach-Object { $_.PeakRssFileBytes / 1MB }) -Baseline ($freshPlain | ForEach-Object { $_.PeakRssFileBytes / 1MB }) -BaselineLabel 'plain loop' `
    -Note ('File-backed memory of the same processes: the mapped model ({0:N0} MB) as far as it was touched, and the binaries. Shared with the page cache, so it is what the machine can reclaim.' -f ($info.SizeBytes / 1MB))

#endregion

#region Real scale: KV cache types and repacking, one fresh process per configuration

# Each configuration in its own pwsh, so its peak memory is its own: Import-NorskModel (load, then the KV cache
# allocated under its progress), the first short call after it and the next one, then a ~100-token prose prompt for
# the prompt and generation rates. The baseline is the f16 cache allocated whole (NORSK_CONTEXT_GROWTH=0): every
# context before; the quantized types are allocated whole too, so their rows show what the type alone does.
$whole = @{ NORSK_CONTEXT_GROWTH = '0' }
$profiles = [ordered]@{
    'F16, whole context'      = @{ KvCacheType = 'F16'; Environment = $whole }
    'default'                 = @{}
    'Q8_0, whole context'     = @{ KvCacheType = 'Q8_0'; Environment = $whole }
    'Q8_0/Q4_0, whole context' = @{ KvCacheType = 'Q8_0,Q4_0'; Environment = $whole }
    'default, no huge pages'  = @{ Environment = @{ NORSK_HUGE_PAGES = '0' } }
    'default, -NoRepack'      = @{ NoRepack = '1' }
}
Write-Section "Real scale: $RealRuns × $($profiles.Count) fresh pwsh processes, one per KV cache type and repacking choice"
$profileProse = New-Prose -Id 700 -Start 3 -MinTokens 100 -CountTokens { param($text) (ConvertTo-NorskPrompt -Message $text -SystemPrompt '' -ModelPath $realPath).TokenCount }
$profilePromptTokens = (ConvertTo-NorskPrompt -Message $profileProse -SystemPrompt '' -ModelPath $realPath).TokenCount
$profileMessagePath = Join-Path $realWork 'profile-message.txt'
Set-Content -LiteralPath $profileMessagePath -Value $profileProse -NoNewline -Encoding utf8
$profileRuns = [System.Collections.Generic.List[object]]::new()
for ($run = 0; $run -lt $RealRuns; $run++) {
    $names = @($profiles.Keys)
    $order = $names[(0..($names.Count - 1) | ForEach-Object { ($_ + $run) % $names.Count })]
    foreach ($name in $order) {
        $parameters = [ordered]@{ ModulePath = $ModulePath; ModelPath = $realPath; Mode = 'Profile'; MaxTokens = $RealRateTokens; MessagePath = $profileMessagePath }
        $environment = @{}
        foreach ($key in $profiles[$name].Keys) {
            if ($key -eq 'Environment') { $environment = $profiles[$name][$key] } else { $parameters[$key] = $profiles[$name][$key] }
        }
        foreach ($key in $environment.Keys) { Set-Item "Env:$key" $environment[$key] }
        try {
            $child = Invoke-SampledFreshPwsh -Parameters $parameters -Name "profile-$($name -replace '\W', '')-$run"
        }
        finally {
            foreach ($key in $environment.Keys) { Remove-Item "Env:$key" -ErrorAction Ignore }
        }
        $profileRuns.Add([pscustomobject][ordered]@{
                Profile = $name; KvCacheType = $child.KvCacheType; Repacked = $child.Repacked; ImportMs = $child.ImportMs
                FirstCallMs = $child.FirstCallMs; NextCallMs = $child.NextCallMs
                FirstCallDecodedTokens = $child.FirstCallDecodedTokens; NextCallDecodedTokens = $child.NextCallDecodedTokens
                PromptTokensPerSecond = $child.PromptTokensPerSecond; GenerationTokensPerSecond = $child.GenerationTokensPerSecond
                PeakRssAnonBytes = $child.PeakRssAnonBytes; PeakRssFileBytes = $child.PeakRssFileBytes
            })
    }
}
$realDetails.Profiles = $profileRuns
$profileF16 = $profileRuns | Where-Object Profile -EQ 'F16, whole context'
$profileDefault = $profileRuns | Where-Object Profile -EQ 'default'
Add-Result -Metric "Real $Size`: first call after Import-NorskModel vs the next call, time to first token (ms)" -Unit 'ms' -Paired `
    -Value ($profileDefault | ForEach-Object FirstCallMs) -Baseline ($profileDefault | ForEach-Object NextCallMs) -BaselineLabel 'the next such call' `
    -TargetOn Ratio -Operator '<=' -Limit 3 `
    -Note ("Defaults ({0}): Invoke-NorskChat -SystemPrompt '' -Message Hei right after Import-NorskModel, then -Message Takk; the first decoded ~{1} prompt tokens, the next ~{2} (both share the template's first tokens). Wall time less the generating after the first token." -f
        ($profileDefault | Select-Object -First 1).KvCacheType, [int](($profileDefault | Measure-Object FirstCallDecodedTokens -Average).Average), [int](($profileDefault | Measure-Object NextCallDecodedTokens -Average).Average))
foreach ($name in @($profiles.Keys) | Where-Object { $_ -ne 'F16, whole context' }) {
    $these = $profileRuns | Where-Object Profile -EQ $name
    $label = '{0}, {1}' -f ($these | Select-Object -First 1).KvCacheType, $(if ($name -like 'default*') { $name } else { 'whole context' })
    $baseLabel = 'f16, whole context'
    $target = if ($name -eq 'default') { 'Ratio' } else { 'None' }
    Add-Result -Metric "Real $Size`: Import-NorskModel, load and KV allocation, KV $label (ms)" -Unit 'ms' -Paired `
        -Value ($these | ForEach-Object ImportMs) -Baseline ($profileF16 | ForEach-Object ImportMs) -BaselineLabel $baseLabel `
        -Note "A fresh pwsh: Import-NorskModel with the KV types and repacking named, context ${realContext}: the weights loaded and the first context's KV cache allocated."
    Add-Result -Metric "Real $Size`: peak RssAnon, KV $label (MB)" -Unit 'MB' -Paired `
        -Value ($these | ForEach-Object { $_.PeakRssAnonBytes / 1MB }) -Baseline ($profileF16 | ForEach-Object { $_.PeakRssAnonBytes / 1MB }) -BaselineLabel $baseLabel `
        -TargetOn $target -Operator '<=' -Limit 0.8 `
        -Note "The same process, /proc/<pid>/status sampled every 100 ms to the end of its calls; context $realContext."
    # Rates from separate fresh processes differ by far more than 3% run to run in this VM (the same configuration
    # measured 0.76× and 1.02× of the baseline in two Bench runs), so the speed target of the smaller default is
    # judged in one process instead: the module's prompt and generation rows below, against the plain loop's whole f16 context.
    Add-Result -Metric "Real $Size`: prompt reading, KV $label (tokens/s)" -Unit 'tok/s' -Paired `
        -Value ($these | ForEach-Object PromptTokensPerSecond) -Baseline ($profileF16 | ForEach-Object PromptTokensPerSecond) -BaselineLabel $baseLabel `
        -Note "A $profilePromptTokens-token prose prompt, -SystemPrompt '', after the two short calls: prompt tokens decoded / the response's time to first token. Between fresh processes; see the in-process rows for the speed target."
    Add-Result -Metric "Real $Size`: generation, KV $label (tokens/s)" -Unit 'tok/s' -Paired `
        -Value ($these | ForEach-Object GenerationTokensPerSecond) -Baseline ($profileF16 | ForEach-Object GenerationTokensPerSecond) -BaselineLabel $baseLabel `
        -Note "The same call: (tokens − 1) / (duration − time to first token), -MaxTokens $RealRateTokens."
}

#endregion

#region Real scale: in this process, load, first call, warm turn 2, tokens/s, -BatchSize 1/4/8

Write-Section "Real scale: $RealRuns runs of load, first call, warm turn 2, prompt and generation, and $RealDocuments documents at -BatchSize 1/4/8, module vs plain"
$instruction = 'Oppsummer teksten på norsk i én setning.'
$realCallRuns = [System.Collections.Generic.List[object]]::new()
$realBatchRuns = [System.Collections.Generic.List[object]]::new()
for ($run = 0; $run -lt $RealRuns; $run++) {
    $first = "Samtale $($run + 1). $realQuestion"
    $prose = New-Prose -Id (500 + $run) -Start $run -MinTokens 100 -CountTokens { param($text) (ConvertTo-NorskPrompt -Message $text -SystemPrompt '' -ModelPath $realPath).TokenCount }
    $realDocumentTexts = foreach ($i in 0..($RealDocuments - 1)) { "Dokument $($run + 1)-$($i + 1). $($Sentences[($i + $run) % $Sentences.Count])" }
    $batchOrder = @(1, 4, 8)[(0..2 | ForEach-Object { ($_ + $run) % 3 })]
    $order = if ($run % 2) { 'plain', 'module' } else { 'module', 'plain' }
    foreach ($variant in $order) {
        Write-Section "Real scale run $($run + 1): $variant"
        $sample = [ordered]@{ Run = $run; Variant = $variant }
        if ($variant -eq 'module') {
            Remove-NorskModel -All
            $sample.LoadMs = (Invoke-Timed { Import-NorskModel -LiteralPath $realPath }).Ms

            $timed = Invoke-Timed { Invoke-NorskChat -Message $first -ModelPath $realPath -MaxTokens $RealGenerateTokens }
            $r = $timed.Output
            $sample.FirstCallTimeToFirstTokenMs = Get-Ttft $r $timed.Ms
            $sample.FirstCallPromptTokens = $r.PromptTokenCount

            $timed = Invoke-Timed { Invoke-NorskChat -Message $realFollowUp -Conversation $r.Conversation -ModelPath $realPath -MaxTokens $RealGenerateTokens }
            $r = $timed.Output
            $sample.Turn2TimeToFirstTokenMs = Get-Ttft $r $timed.Ms
            $sample.Turn2PromptTokens = $r.PromptTokenCount
            $sample.Turn2DecodedPromptTokens = $r.PromptTokenCount - $r.ReusedPromptTokenCount

            $r = Invoke-NorskChat -Message $prose -SystemPrompt '' -ModelPath $realPath -MaxTokens $RealRateTokens
            $sample.PromptTokensPerSecond = Get-Rate ($r.PromptTokenCount - $r.ReusedPromptTokenCount) $r.TimeToFirstToken.TotalMilliseconds
            $sample.GenerationTokensPerSecond = Get-Rate ($r.CompletionTokenCount - 1) ($r.Duration - $r.TimeToFirstToken).TotalMilliseconds

            foreach ($batch in $batchOrder) {
                $timed = Invoke-Timed { $realDocumentTexts | Invoke-NorskInstruction -Instruction $instruction -BatchSize $batch -MaxTokens $RealInstructionTokens -ModelPath $realPath }
                $responses = @($timed.Output)
                if ($responses.Count -ne $RealDocuments) { throw "-BatchSize $batch answered $($responses.Count) of $RealDocuments documents." }
                $realBatchRuns.Add([pscustomobject][ordered]@{
                        Run = $run; Variant = "BatchSize $batch"; BatchSize = $batch; WallMs = $timed.Ms
                        CompletionTokens = ($responses | Measure-Object CompletionTokenCount -Sum).Sum
                        GenerationTokensPerSecond = Get-GenerationThroughput -Responses $responses -BatchSize $batch
                        PromptPhaseMs = Get-PromptPhaseMs -Responses $responses -BatchSize $batch
                        DecodedPromptTokens = ($responses | ForEach-Object { $_.PromptTokenCount - $_.ReusedPromptTokenCount } | Measure-Object -Sum).Sum
                    })
            }
            Remove-NorskModel -All
        }
        else {
            $plainModel = $PlainLlama::Load($realPath, $true)
            try {
                $sample.LoadMs = $plainModel.LoadMilliseconds
                $tokens = [int[]](ConvertTo-NorskPrompt -Message $first -ModelPath $realPath).Tokens
                $p = $plainModel.Generate($tokens, $RealGenerateTokens, $realContext, $realThreads, $Temperature, $TopP, $Seed, $false)
                $sample.FirstCallTimeToFirstTokenMs = Get-PlainTtft $p
                $sample.FirstCallPromptTokens = $p.PromptTokenCount

                # Turn 2 continues from exactly what the plain loop has in its KV cache: its own answer, end of sequence,
                # then the next [INST] block, as the chat template joins turns.
                $next = [int[]](ConvertTo-NorskPrompt -Message $realFollowUp -SystemPrompt '' -ModelPath $realPath).Tokens
                $turn2 = [int[]]@($tokens + $p.GeneratedTokens + 2 + $next)
                $p = $plainModel.Generate($turn2, $RealGenerateTokens, $realContext, $realThreads, $Temperature, $TopP, $Seed, $true)
                $sample.Turn2TimeToFirstTokenMs = Get-PlainTtft $p
                $sample.Turn2PromptTokens = $p.PromptTokenCount
                $sample.Turn2DecodedPromptTokens = $p.DecodedPromptTokenCount

                $tokens = [int[]](ConvertTo-NorskPrompt -Message $prose -SystemPrompt '' -ModelPath $realPath).Tokens
                $p = $plainModel.Generate($tokens, $RealRateTokens, $realContext, $realThreads, $Temperature, $TopP, $Seed, $false)
                $sample.PromptTokensPerSecond = Get-Rate $p.DecodedPromptTokenCount $p.TimeToFirstTokenMs
                $sample.GenerationTokensPerSecond = Get-Rate ($p.CompletionTokenCount - 1) ($p.DurationMs - $p.TimeToFirstTokenMs)

                # The plain loop answers the documents one after another, its KV cache keeping the shared instruction.
                $timed = Invoke-Timed {
                    foreach ($document in $realDocumentTexts) {
                        $ids = [int[]](ConvertTo-NorskPrompt -Instruction $instruction -InputObject $document -ModelPath $realPath).Tokens
                        $plainModel.Generate($ids, $RealInstructionTokens, $realContext, $realThreads, $Temperature, $TopP, $Seed, $true)
                    }
                }
                $answers = @($timed.Output)
                $realBatchRuns.Add([pscustomobject][ordered]@{
                        Run = $run; Variant = 'plain'; BatchSize = 1; WallMs = $timed.Ms
                        CompletionTokens = ($answers | Measure-Object CompletionTokenCount -Sum).Sum
                        GenerationTokensPerSecond = Get-Rate ($answers | ForEach-Object { [Math]::Max(0, $_.CompletionTokenCount - 1) } | Measure-Object -Sum).Sum `
                            ($answers | ForEach-Object { $_.DurationMs - $_.TimeToFirstTokenMs } | Measure-Object -Sum).Sum
                        PromptPhaseMs = ($answers | Measure-Object TimeToFirstTokenMs -Sum).Sum
                        DecodedPromptTokens = ($answers | Measure-Object DecodedPromptTokenCount -Sum).Sum
                    })
            }
            finally {
                $plainModel.Dispose()
            }
        }
        $realCallRuns.Add([pscustomobject]$sample)
    }
}
$realDetails.Runs = $realCallRuns
$realDetails.Instruction = $realBatchRuns
$realModule = $realCallRuns | Where-Object Variant -EQ 'module'
$realPlain = $realCallRuns | Where-Object Variant -EQ 'plain'

Add-Result -Metric "Real $Size`: model load (ms)" -Unit 'ms' -Paired `
    -Value ($realModule | ForEach-Object LoadMs) -Baseline ($realPlain | ForEach-Object LoadMs) -BaselineLabel 'plain memory-mapped load' `
    -Note 'Import-NorskModel wall time (the weights, then the first context''s KV cache) vs LLamaWeights.LoadFromFile with LoadMode = MemoryMap, in this process, each after the other side''s weights were freed; warm page cache (the file is holes).'
Add-Result -Metric "Real $Size`: first call after a load, time to first token (ms)" -Unit 'ms' -Paired `
    -Value ($realModule | ForEach-Object FirstCallTimeToFirstTokenMs) -Baseline ($realPlain | ForEach-Object FirstCallTimeToFirstTokenMs) -BaselineLabel 'plain loop' `
    -Note ('Unseeded Invoke-NorskChat with the card''s system prompt right after Import-NorskModel (~{0} prompt tokens), which allocated the first context: the whole prompt is read. Plain: its first Generate, context creation included. Wall time less the generating after the first token.' -f
        [int](($realModule | Measure-Object FirstCallPromptTokens -Average).Average))
Add-Result -Metric "Real $Size`: warm turn 2, time to first token (ms)" -Unit 'ms' -Paired `
    -Value ($realModule | ForEach-Object Turn2TimeToFirstTokenMs) -Baseline ($realPlain | ForEach-Object Turn2TimeToFirstTokenMs) -BaselineLabel 'plain loop' `
    -Note ('The follow-up question with -Conversation: ~{0} prompt tokens, of which the module decoded ~{1} and the plain loop, continuing from its own KV cache, ~{2}.' -f
        [int](($realModule | Measure-Object Turn2PromptTokens -Average).Average), [int](($realModule | Measure-Object Turn2DecodedPromptTokens -Average).Average),
        [int](($realPlain | Measure-Object Turn2DecodedPromptTokens -Average).Average))
Add-Result -Metric "Real $Size`: prompt reading (tokens/s)" -Unit 'tok/s' -Paired `
    -Value ($realModule | ForEach-Object PromptTokensPerSecond) -Baseline ($realPlain | ForEach-Object PromptTokensPerSecond) -BaselineLabel 'plain loop' `
    -TargetOn Ratio -Operator '>=' -Limit 0.97 `
    -Note 'A ~100-token prose prompt, -SystemPrompt '''', on the warm context: prompt tokens decoded / the response''s own time to first token. Each side with its defaults: the module''s KV cache sized to the call, the plain loop''s f16 for the whole context, as before. These two rows are the speed target of the smaller default too, measured in one process.'
Add-Result -Metric "Real $Size`: generation (tokens/s)" -Unit 'tok/s' -Paired `
    -Value ($realModule | ForEach-Object GenerationTokensPerSecond) -Baseline ($realPlain | ForEach-Object GenerationTokensPerSecond) -BaselineLabel 'plain loop' `
    -TargetOn Ratio -Operator '>=' -Limit 0.97 `
    -Note "The same call: (tokens − 1) / (duration − time to first token), -MaxTokens $RealRateTokens."
$plainBatch = $realBatchRuns | Where-Object Variant -EQ 'plain'
foreach ($batch in 1, 4, 8) {
    $moduleBatch = $realBatchRuns | Where-Object Variant -EQ "BatchSize $batch"
    Add-Result -Metric "Real $Size`: Invoke-NorskInstruction -BatchSize $batch, $RealDocuments documents, end to end (ms)" -Unit 'ms' -Paired `
        -Value ($moduleBatch | ForEach-Object WallMs) -Baseline ($plainBatch | ForEach-Object WallMs) -BaselineLabel 'plain loop, one after another' `
        -Note "Short documents of one sentence, -MaxTokens $RealInstructionTokens, unseeded; the plain loop answers the same Alpaca prompts in turn, keeping the shared prefix in its KV cache."
    Add-Result -Metric "Real $Size`: Invoke-NorskInstruction -BatchSize $batch, reading the prompts (ms)" -Unit 'ms' -Paired `
        -Value ($moduleBatch | ForEach-Object PromptPhaseMs) -Baseline ($plainBatch | ForEach-Object PromptPhaseMs) -BaselineLabel 'plain loop, one after another' `
        -Note ('Where a batch''s time goes: from each batch''s start to its last first token, summed over the batches (plain: each document''s time to first token, summed). Prompt tokens decoded: ~{0} by the module, ~{1} by the plain loop, of {2} documents.' -f
            [int](($moduleBatch | Measure-Object DecodedPromptTokens -Average).Average), [int](($plainBatch | Measure-Object DecodedPromptTokens -Average).Average), $RealDocuments)
    Add-Result -Metric "Real $Size`: Invoke-NorskInstruction -BatchSize $batch, generation (tokens/s)" -Unit 'tok/s' -Paired `
        -Value ($moduleBatch | ForEach-Object GenerationTokensPerSecond) -Baseline ($plainBatch | ForEach-Object GenerationTokensPerSecond) -BaselineLabel 'plain loop, one after another' `
        -Note 'Generation alone: tokens sampled after each first token / time from the batch''s last first token to its end, summed over the batches (plain: over the documents).'
}

#endregion

$realSettingsLine = ('- Real-scale model: sparse {0}-shaped Q4_K_M file from our GGUF writer (llama.cpp''s tensor names, shapes and Q4_K/Q6_K mix; all-zero weights as holes), {1:N2} GB apparent / {2:N1} MB on disk, {3:N2} B parameters, vocabulary {4}; context {5}, {6} threads for the plain loop (the module''s defaults), sampling temperature {7} / top-p {8}' -f
    $Size, ($info.SizeBytes / 1e9), ($realMade.DiskBytes / 1MB), ($info.ParameterCount / 1e9), $realMade.Vocabulary, $realContext, $realThreads, $Temperature, $TopP)
