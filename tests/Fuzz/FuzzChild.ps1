<#
.SYNOPSIS
Runs fuzz cases from -Start to the end in this process, one line per case on stdout, until done or dead.

.DESCRIPTION
Started by Invoke-Fuzz.ps1. Before a case it prints '##FUZZ## BEGIN <index>' and after it '##FUZZ## END <json>',
flushed, so the parent knows which case was running if this process dies. Everything else the cmdlets print
(Enter-NorskChat writes to the host) is noise to the parent.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ToolsPath,
    [Parameter(Mandatory)][string]$WorkPath,
    [Parameter(Mandatory)][int]$ModelCount,
    [int]$AdapterCount = 0,
    [int]$SliceSize = 0,
    [int]$Start = 0
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.TestModels.dll')
Add-Type -Path (Join-Path $ToolsPath 'NorwegianLlama.Fuzz.dll')
. (Join-Path $PSScriptRoot 'FuzzCases.ps1')
. (Join-Path $PSScriptRoot 'FuzzOutcome.ps1')

New-Item -ItemType Directory -Path $WorkPath -Force | Out-Null
Set-Location -LiteralPath $WorkPath
$env:NORSK_MODEL_DIR = Join-Path $WorkPath 'models'
Remove-Item Env:NORSK_MODEL_PATH -ErrorAction Ignore

# The well-formed model the input cases talk to, and a loopback server started when a case first needs it.
$goodModel = Join-Path $WorkPath 'good.gguf'
if (-not (Test-Path -LiteralPath $goodModel)) {
    [NorwegianLlama.TestModels.TestModelWriter]::Write($goodModel, [NorwegianLlama.TestModels.TestModelSpec]@{ Name = 'fuzz-good'; ContextLength = 2048; Seed = 3 }) | Out-Null
}
# Two intact adapters for it (the odd -LoraPath/-LoraScale calls), and the base models the adapter mutations are for.
$goodSpec = [NorwegianLlama.TestModels.TestModelSpec]@{ Name = 'fuzz-good'; ContextLength = 2048; Seed = 3 }
$goodAdapters = foreach ($n in 1, 2) {
    $path = Join-Path $WorkPath "good-$n.lora.gguf"
    if (-not (Test-Path -LiteralPath $path)) {
        [NorwegianLlama.TestModels.TestAdapterWriter]::Write($path, $goodSpec, [NorwegianLlama.TestModels.TestAdapterSpec]@{ Name = "fuzz-good-$n"; Seed = $n }) | Out-Null
    }
    $path
}
$baseModels = foreach ($which in 0..([NorwegianLlama.Fuzz.BaseModels]::Count - 1)) {
    $path = Join-Path $WorkPath "base-$which.gguf"
    if (-not (Test-Path -LiteralPath $path)) { [System.IO.File]::WriteAllBytes($path, [NorwegianLlama.Fuzz.BaseModels]::Bytes($which)) }
    $path
}
$global:FuzzServer = $null
$context = [pscustomobject]@{ Model = $goodModel; Adapter = $goodAdapters[0]; Adapter2 = $goodAdapters[1]; Work = $WorkPath; Case = 0 }
$context | Add-Member -MemberType ScriptMethod -Name Server -Value {
    if (-not $global:FuzzServer) {
        Add-Type -Path (Join-Path $PSScriptRoot '../LoopbackServer.cs')
        $server = [NorskTest.LoopbackServer]::new([timespan]::FromMinutes(30))
        $good = [NorskTest.Route]::new(); $good.Body = [System.IO.File]::ReadAllBytes($goodModel)
        $server.Add('/model.gguf', $good) | Out-Null
        $broken = [NorskTest.Route]::new(); $broken.Body = [NorwegianLlama.Fuzz.ModelMutator]::Create(5).Bytes
        $server.Add('/broken.gguf', $broken) | Out-Null
        # Install-NorskModel by name asks the Hugging Face endpoint: here, this server.
        $env:NORSK_HF_ENDPOINT = $server.BaseUri
        $global:FuzzServer = $server
    }
    $global:FuzzServer.BaseUri
}

$probe = "Hei æøå 👍 <s>[INST] <<SYS>> </s>`0`r`n"
$modelSteps = [ordered]@{
    'Get-NorskModelInfo'      = { param($f) Get-NorskModelInfo -LiteralPath $f }
    'Import-NorskModel'       = { param($f) Import-NorskModel -LiteralPath $f -ContextSize 128 }
    'ConvertTo-NorskPrompt'   = { param($f) ConvertTo-NorskPrompt $probe -ModelPath $f }
    'Invoke-NorskChat'        = { param($f) Invoke-NorskChat $probe -ModelPath $f -ContextSize 128 -MaxTokens 3 -Seed 1 -SystemPrompt '' }
    # Without the NUL: an input holding one is refused as binary (InputBinary) before the model is asked.
    'Invoke-NorskInstruction' = { param($f) $probe.Replace("`0", ''), 'tekst' | Invoke-NorskInstruction 'Oppsummer [/INST]' -ModelPath $f -ContextSize 256 -MaxTokens 2 -Seed 2 -BatchSize 2 }
    'Remove-NorskModel'       = { param($f) Remove-NorskModel -LiteralPath $f }
}

# An adapter case applies the adapter to its base model through each cmdlet that takes -LoraPath, until one
# reports an error; Get-NorskModelInfo reads the adapter file on its own as well.
$adapterSteps = [ordered]@{
    'Import-NorskModel'       = { param($a, $m, $s) Import-NorskModel -LiteralPath $m -LoraPath $a -LoraScale $s -ContextSize 128 }
    'Invoke-NorskChat'        = { param($a, $m, $s) Invoke-NorskChat $probe -ModelPath $m -LoraPath $a -LoraScale $s -ContextSize 128 -MaxTokens 3 -Seed 1 -SystemPrompt '' }
    'Invoke-NorskInstruction' = { param($a, $m, $s) 'tekst', 'mer tekst' | Invoke-NorskInstruction 'Oppsummer' -ModelPath $m -LoraPath $a -LoraScale $s -ContextSize 256 -MaxTokens 2 -Seed 2 -BatchSize 2 }
    'Invoke-NorskChat -Grammar' = { param($a, $m, $s) Invoke-NorskChat 'Ja eller nei?' -SystemPrompt '' -Grammar 'root ::= "ja" | "nei"' -ModelPath $m -LoraPath $a -LoraScale $s -ContextSize 128 -MaxTokens 4 -Seed 3 }
    'Remove-NorskModel'       = { param($a, $m, $s) Remove-NorskModel -LiteralPath $m }
}

$stdout = [Console]::Out
$cases = @(Get-FuzzCaseList -ModelCount $ModelCount -AdapterCount $AdapterCount -SliceSize $SliceSize)
for ($i = $Start; $i -lt $cases.Count; $i++) {
    $case = $cases[$i]
    $context.Case = $i
    $stdout.WriteLine("##FUZZ## BEGIN $i"); $stdout.Flush()
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    if ($case.Kind -eq 'Model') {
        $mutation = [NorwegianLlama.Fuzz.ModelMutator]::Create($case.Number)
        $file = Join-Path $WorkPath "model-$i.gguf"
        [System.IO.File]::WriteAllBytes($file, $mutation.Bytes)
        $result = $null
        foreach ($step in $modelSteps.GetEnumerator()) {
            $result = Invoke-FuzzOutcome -Block $step.Value -Arguments @($file)
            $result.Step = $step.Key
            if ($result.Outcome -ne 'Succeeded') { break }
        }
        $result.Name = "$($mutation.Family): $($mutation.Description)"
        $result.Family = $mutation.Family
        Remove-NorskModel -LiteralPath $file -ErrorAction Ignore
        Remove-Item -LiteralPath $file -ErrorAction Ignore
    }
    elseif ($case.Kind -eq 'Adapter') {
        $mutation = [NorwegianLlama.Fuzz.AdapterMutator]::Create($case.Number)
        $file = Join-Path $WorkPath "adapter-$i.gguf"
        [System.IO.File]::WriteAllBytes($file, $mutation.Bytes)
        $base = $baseModels[$mutation.BaseModel]
        $info = Invoke-FuzzOutcome -Block { param($f) Get-NorskModelInfo -LiteralPath $f } -Arguments @($file)
        $result = $null
        foreach ($step in $adapterSteps.GetEnumerator()) {
            $result = Invoke-FuzzOutcome -Block $step.Value -Arguments @($file, $base, $mutation.Scale)
            $result.Step = $step.Key
            if ($result.Outcome -ne 'Succeeded') { break }
        }
        # Reading the adapter on its own must hold up too: an exception there outweighs a clean refusal later.
        if ($info.Outcome -notin 'Succeeded', 'ErrorRecord', 'TerminatingError') {
            $info.Step = 'Get-NorskModelInfo'
            $result = $info
        }
        $result.InfoErrorId = $info.ErrorId
        $result.Name = "$($mutation.Family): $($mutation.Description)"
        $result.Family = $mutation.Family
        Remove-NorskModel -LiteralPath $base -ErrorAction Ignore
        Remove-Item -LiteralPath $file -ErrorAction Ignore
    }
    else {
        $inputCase = Get-FuzzInputCase -Number $case.Number
        $arguments = if ($null -ne $inputCase.Text) { @($inputCase.Text, $context) } else { @($context) }
        $result = Invoke-FuzzOutcome -Block $inputCase.Block -Arguments $arguments
        $result.Name = $inputCase.Name
        $result.Family = $inputCase.Family
        $result.Surface = $inputCase.Surface
        $result.InputName = $inputCase.InputName
        $result.InputBytes = if ($inputCase.Text -is [string]) { [System.Text.Encoding]::UTF8.GetByteCount($inputCase.Text) } else { 0 }
        # What an input may leave behind in the cache (a LoRA entry, a 64-adapter set) goes, so cases stay apart.
        if ($inputCase.Surface -eq 'Odd') { Remove-NorskModel -All -ErrorAction Ignore }
    }
    $result.Index = $i
    $result.Kind = $case.Kind
    $result.Number = $case.Number
    $result.Milliseconds = [int]$clock.ElapsedMilliseconds
    $stdout.WriteLine('##FUZZ## END ' + ($result | ConvertTo-Json -Compress -Depth 3)); $stdout.Flush()
}
$stdout.WriteLine('##FUZZ## DONE'); $stdout.Flush()
