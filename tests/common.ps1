# Dot-sourced by every *.Tests.ps1: imports the staged module (never src/) and the test model writer.

$ErrorActionPreference = 'Stop'

$script:ModuleManifest = if ($env:NORSK_TEST_MODULE) {
    $env:NORSK_TEST_MODULE
}
else {
    (Resolve-Path -Path (Join-Path $PSScriptRoot '../output/NorwegianLlama/*/NorwegianLlama.psd1')).Path
}
$script:TestToolsAssembly = if ($env:NORSK_TEST_TOOLS) {
    $env:NORSK_TEST_TOOLS
}
else {
    Join-Path $PSScriptRoot '../output/testtools/NorwegianLlama.TestModels.dll'
}

# Models a developer installed must never leak into the tests' model resolution.
if (-not $env:NORSK_MODEL_DIR) {
    $env:NORSK_MODEL_DIR = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-test-models-$PID"
}
# Nor may any test write the prompt cache in the user's data folder.
if (-not $env:NORSK_CACHE_DIR) {
    $env:NORSK_CACHE_DIR = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-test-cache-$PID"
}

if (-not (Get-Module -Name NorwegianLlama)) {
    Import-Module -Name $ModuleManifest
}
if (-not ('NorwegianLlama.TestModels.TestModelWriter' -as [type])) {
    Add-Type -Path $TestToolsAssembly
}

function New-TestModel {
    <# Writes a generated llama model and returns the writer's summary (what the file was made with). #>
    param(
        [Parameter(Mandatory)][string]$Path,
        [hashtable]$Spec = @{}
    )
    [NorwegianLlama.TestModels.TestModelWriter]::Write($Path, [NorwegianLlama.TestModels.TestModelSpec]$Spec)
}

function New-TestModelBuilder {
    param([hashtable]$Spec = @{})
    [NorwegianLlama.TestModels.TestModelWriter]::CreateBuilder([NorwegianLlama.TestModels.TestModelSpec]$Spec)
}

function New-Q4_0TestModel {
    <#
    Writes a generated llama model whose layer matrices are Q4_0 (seeded random blocks), the type llama.cpp
    repacks for the CPU as it loads, and returns the path. The generated F32 matrices are made at a feed-forward
    width of 64 and then replaced, so a wide model costs no F32 weights on the way.
    #>
    param(
        [Parameter(Mandatory)][string]$Path,
        [int]$Layers = 2,
        [int]$Width = 64,
        [int]$Heads = 4,
        [int]$FeedForward = 128,
        [int]$ContextLength = 1024,
        [int]$Seed = 1
    )
    $builder = New-TestModelBuilder -Spec @{ Name = 'q4_0'; Layers = $Layers; Embedding = $Width; Heads = $Heads; FeedForward = 64; ContextLength = $ContextLength; Seed = $Seed }
    $null = $builder.Set('llama.feed_forward_length', [NorwegianLlama.TestModels.GgufValueType]::UInt32, [uint32]$FeedForward)
    # One chunk of random blocks (a small fixed scale, random 4-bit weights), each tensor starting at its own block.
    $random = [System.Random]::new($Seed)
    $chunk = [byte[]]::new(18 * 4096)
    $random.NextBytes($chunk)
    for ($i = 0; $i -lt 4096; $i++) { $chunk[$i * 18] = 0; $chunk[$i * 18 + 1] = 0x24 }
    $quantise = {
        param([string]$Name, [long]$Inputs, [long]$Outputs)
        $blocks = $Inputs * $Outputs / 32
        $data = $chunk  # GetNewClosure captures this scope's variables only
        $start = $random.Next(4096)
        $write = [Action[System.IO.Stream]] {
            param($stream)
            $at = $start
            for ($left = $blocks; $left -gt 0; $left -= $count) {
                $count = [math]::Min($left, 4096 - $at)
                $stream.Write($data, $at * 18, $count * 18)
                $at = 0
            }
        }.GetNewClosure()
        $null = $builder.RemoveTensor($Name)
        $null = $builder.AddTensor($Name, [long[]]@($Inputs, $Outputs), 2, $blocks * 18, $write)
    }
    for ($layer = 0; $layer -lt $Layers; $layer++) {
        foreach ($name in 'attn_q', 'attn_k', 'attn_v', 'attn_output') { & $quantise "blk.$layer.$name.weight" $Width $Width }
        & $quantise "blk.$layer.ffn_gate.weight" $Width $FeedForward
        & $quantise "blk.$layer.ffn_up.weight" $Width $FeedForward
        & $quantise "blk.$layer.ffn_down.weight" $FeedForward $Width
    }
    $builder.WriteFile($Path)
    $Path
}

function New-TestAdapter {
    <#
    Writes a generated LoRA adapter (llama.cpp's GGUF adapter format) for the model -ModelSpec describes and
    returns the writer's summary. -Spec sets rank, alpha, targets, seed and strength (TestAdapterSpec).
    #>
    param(
        [Parameter(Mandatory)][string]$Path,
        [hashtable]$ModelSpec = @{},
        [hashtable]$Spec = @{}
    )
    [NorwegianLlama.TestModels.TestAdapterWriter]::Write($Path, [NorwegianLlama.TestModels.TestModelSpec]$ModelSpec, [NorwegianLlama.TestModels.TestAdapterSpec]$Spec)
}

function New-TestAdapterBuilder {
    <# A populated adapter builder, to break before writing (GgufBuilder: Set, Remove, AddTensor, RemoveTensor, WriteFile). #>
    param([hashtable]$ModelSpec = @{}, [hashtable]$Spec = @{})
    [NorwegianLlama.TestModels.TestAdapterWriter]::CreateBuilder([NorwegianLlama.TestModels.TestModelSpec]$ModelSpec, [NorwegianLlama.TestModels.TestAdapterSpec]$Spec)
}

function New-LoopbackServer {
    <#
    The download tests' HTTP/1.1 server (tests/LoopbackServer.cs): 127.0.0.1 only, a free port, routes with
    cuts, stalls, failures and headers, and it stops by itself after -Lifetime.
    #>
    param([timespan]$Lifetime = [timespan]::FromMinutes(15))
    if (-not ('NorskTest.LoopbackServer' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'LoopbackServer.cs')
    }
    [NorskTest.LoopbackServer]::new($Lifetime)
}

function Start-ChildPwsh {
    <#
    Starts a script in a fresh pwsh (the module's process-wide state cannot be reset in this one) and returns at
    once, so several children can run side by side: the process, its stdout and stderr as tasks, and the script
    file to remove once it has ended. -Environment sets variables of the child only (LC_ALL, for a user's language).
    #>
    param(
        [Parameter(Mandatory)][string]$Script,
        [string]$WorkingDirectory = (Get-Location).Path,
        [hashtable]$Environment = @{}
    )
    $file = Join-Path ([System.IO.Path]::GetTempPath()) "norsk-child-$([guid]::NewGuid().ToString('N')).ps1"
    $prelude = @"
`$ErrorActionPreference = 'Stop'
`$ModuleManifest = '$($ModuleManifest -replace "'", "''")'
`$TestToolsAssembly = '$($TestToolsAssembly -replace "'", "''")'

"@
    Set-Content -LiteralPath $file -Value ($prelude + $Script) -Encoding utf8
    $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $file) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.WorkingDirectory = $WorkingDirectory
    foreach ($variable in $Environment.GetEnumerator()) {
        $start.Environment[$variable.Key] = $variable.Value
    }
    $process = [System.Diagnostics.Process]::Start($start)
    [pscustomobject]@{
        Process = $process
        StdOut  = $process.StandardOutput.ReadToEndAsync()
        StdErr  = $process.StandardError.ReadToEndAsync()
        File    = $file
    }
}

function Invoke-ChildPwsh {
    <# Runs a script in a fresh pwsh (see Start-ChildPwsh) and returns its exit code, stdout and stderr separately. #>
    param(
        [Parameter(Mandatory)][string]$Script,
        [string]$WorkingDirectory = (Get-Location).Path,
        [hashtable]$Environment = @{}
    )
    $child = Start-ChildPwsh -Script $Script -WorkingDirectory $WorkingDirectory -Environment $Environment
    try {
        $child.Process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $child.Process.ExitCode
            StdOut   = $child.StdOut.GetAwaiter().GetResult()
            StdErr   = $child.StdErr.GetAwaiter().GetResult()
        }
    }
    finally {
        Remove-Item -LiteralPath $child.File -ErrorAction Ignore
    }
}

function Invoke-Stopped {
    <#
    Runs -Script in a [powershell] of its own (a new runspace in this process, with the module imported), stops
    it the way Ctrl+C does once -Until returns true (polled with the [powershell] and its output so far) or after
    -Delay, and returns what happened. ConditionMet is false when -Until never held within -Timeout, which a
    test must check before it reads anything into the outcome.
    #>
    param(
        [Parameter(Mandatory)][string]$Script,
        [scriptblock]$Until,
        [timespan]$Delay = [timespan]::Zero,
        [timespan]$Timeout = [timespan]::FromSeconds(60)
    )
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$($ModuleManifest -replace "'", "''")'; $Script")
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $null = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        $deadline = $clock.Elapsed + $Timeout
        $met = $true
        if ($Delay -gt [timespan]::Zero) {
            Start-Sleep -Duration $Delay
        }
        if ($Until) {
            while (-not ($met = [bool](& $Until $ps $output)) -and $clock.Elapsed -lt $deadline) {
                Start-Sleep -Milliseconds 10
            }
        }
        $stateAtStop = $ps.InvocationStateInfo.State
        $stopStarted = $clock.Elapsed
        $ps.Stop()
        [pscustomobject]@{
            ConditionMet = $met
            StateAtStop  = $stateAtStop
            State        = $ps.InvocationStateInfo.State
            Output       = @($output)
            Errors       = @($ps.Streams.Error)
            Verbose      = @($ps.Streams.Verbose)
            Progress     = @($ps.Streams.Progress)
            Elapsed      = $clock.Elapsed
            StopDuration = $clock.Elapsed - $stopStarted
        }
    }
    finally {
        $ps.Dispose()
    }
}

function New-ForeignModelFiles {
    <#
    Writes one file or folder per foreign format into -Folder with the TestModels' ForeignFiles writers, named as
    Get-ForeignModelCases lists them.
    #>
    param([Parameter(Mandatory)][string]$Folder)
    $foreign = [NorwegianLlama.TestModels.ForeignFiles]
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $files = [ordered]@{
        'model.safetensors'                = $foreign::Safetensors($foreign::LlamaTensors)
        'gptq_model-4bit-128g.safetensors' = $foreign::Safetensors($foreign::GptqTensors)
        'pytorch_model.bin'                = $foreign::TorchZip()
        'legacy-pickle.bin'                = $foreign::LegacyTorchPickle
        'llama-2-7b.ggml.bin'              = $foreign::Ggml('ggml', $null)
        'llama-2-7b.ggmf.bin'              = $foreign::Ggml('ggmf', 1)
        'llama-2-13b-chat.ggmlv3.q4_0.bin' = $foreign::Ggml('ggjt', 3)
        'spelled-out.ggjt.bin'             = $foreign::Ggml('ggjt', 1, $false)
    }
    $hf = 'Llama-2-13b-chat-norwegian'
    $gptqByQuantizeConfig = 'Llama-2-13b-chat-norwegian-GPTQ'
    $gptqByConfig = 'gptq-by-config'
    $files["$hf/config.json"] = $foreign::LlamaConfig($null)
    $files["$hf/tokenizer_config.json"] = [System.Text.Encoding]::UTF8.GetBytes('{}')
    $files["$hf/model-00001-of-00002.safetensors"] = $foreign::Safetensors($foreign::LlamaTensors)
    $files["$hf/model-00002-of-00002.safetensors"] = $foreign::Safetensors($foreign::LlamaTensors)
    $files["$gptqByQuantizeConfig/config.json"] = $foreign::LlamaConfig($null)
    $files["$gptqByQuantizeConfig/quantize_config.json"] = $foreign::QuantizeConfig
    $files["$gptqByQuantizeConfig/model.safetensors"] = $foreign::Safetensors($foreign::GptqTensors)
    $files["$gptqByConfig/config.json"] = $foreign::LlamaConfig('gptq')
    $files["$gptqByConfig/model.safetensors"] = $foreign::Safetensors($foreign::LlamaTensors)
    foreach ($dir in $hf, $gptqByQuantizeConfig, $gptqByConfig) { New-Item -ItemType Directory -Path (Join-Path $Folder $dir) -Force | Out-Null }
    foreach ($name in $files.Keys) { [System.IO.File]::WriteAllBytes((Join-Path $Folder $name), $files[$name]) }
}

function Get-ForeignModelCases {
    <# What New-ForeignModelFiles writes: Case, Path (relative to its folder), the ErrorId and a pattern of the message. #>
    @(
        @{ Case = 'a safetensors file'; Path = 'model.safetensors'; ErrorId = 'ModelIsSafetensors'; Names = 'a safetensors file' }
        @{ Case = 'a GPTQ safetensors file'; Path = 'gptq_model-4bit-128g.safetensors'; ErrorId = 'ModelIsGptq'; Names = 'GPTQ-quantised safetensors' }
        @{ Case = 'a torch.save zip'; Path = 'pytorch_model.bin'; ErrorId = 'ModelIsPyTorch'; Names = 'PyTorch checkpoint \(a torch.save zip' }
        @{ Case = 'a legacy pickle'; Path = 'legacy-pickle.bin'; ErrorId = 'ModelIsPyTorch'; Names = 'PyTorch checkpoint in the legacy pickle' }
        @{ Case = 'an unversioned GGML file'; Path = 'llama-2-7b.ggml.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGML\)' }
        @{ Case = 'a GGMF file'; Path = 'llama-2-7b.ggmf.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGMF v1\)' }
        @{ Case = 'a GGJT v3 file'; Path = 'llama-2-13b-chat.ggmlv3.q4_0.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGJT v3\)' }
        @{ Case = 'a GGJT file in the other byte order'; Path = 'spelled-out.ggjt.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGJT v1\)' }
        @{ Case = 'a Hugging Face folder'; Path = 'Llama-2-13b-chat-norwegian'; ErrorId = 'ModelIsHuggingFaceFolder'; Names = 'folder of Hugging Face weights \(config.json and 2 safetensors files\)' }
        @{ Case = 'a GPTQ folder with quantize_config.json'; Path = 'Llama-2-13b-chat-norwegian-GPTQ'; ErrorId = 'ModelIsGptq'; Names = 'folder of GPTQ-quantised Hugging Face weights' }
        @{ Case = 'a GPTQ folder by its config.json'; Path = 'gptq-by-config'; ErrorId = 'ModelIsGptq'; Names = 'folder of GPTQ-quantised Hugging Face weights' }
    )
}

function New-InstalledModels {
    <#
    A fresh models folder as $env:NORSK_MODEL_DIR: three quantizations of the two models and other.gguf (copies of
    -Source), a partial download and a text file; plus a model outside it. Returns the folder and that model.
    #>
    param([Parameter(Mandatory)][string]$Source)
    $models = Join-Path $TestDrive "installed-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $models | Out-Null
    $env:NORSK_MODEL_DIR = $models
    foreach ($name in 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf', 'Llama-2-13b-chat-norwegian.Q8_0.gguf', 'Llama-2-7b-chat-norwegian.Q4_K_M.gguf', 'other.gguf') {
        Copy-Item -LiteralPath $Source -Destination (Join-Path $models $name)
    }
    $partial = [byte[]]::new(100)
    [Array]::Copy([System.IO.File]::ReadAllBytes($Source), $partial, $partial.Length)
    [System.IO.File]::WriteAllBytes((Join-Path $models 'Llama-2-7b-chat-norwegian.Q5_K_M.gguf.partial'), $partial)
    Set-Content -LiteralPath (Join-Path $models 'notes.txt') -Value 'not a model'
    $outside = Join-Path $TestDrive "outside-$([guid]::NewGuid().ToString('N')).gguf"
    Copy-Item -LiteralPath $Source -Destination $outside
    $models, $outside
}

function Get-TerminalSkipReason {
    <# Why a test of a real terminal cannot run here, or nothing: such tests drive pwsh inside tmux, which they never install. #>
    if (-not (Get-Command -Name tmux -CommandType Application -ErrorAction Ignore)) {
        return 'tmux is not installed; this test types into a real terminal through it'
    }
}

function Start-TerminalPwsh {
    <#
    Starts an interactive pwsh in a detached tmux session on a tmux server of its own (never the user's), with the
    module imported and -Script run first, and returns the terminal for Send-TerminalKeys and Read-Terminal.
    #>
    param([string]$Script = '')
    $name = "norsk-test-$PID-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $file = Join-Path ([System.IO.Path]::GetTempPath()) "$name.ps1"
    # Lines typed into the terminal must not land in the user's PSReadLine history file.
    Set-Content -LiteralPath $file -Encoding utf8 -Value @"
if (Get-Module -ListAvailable -Name PSReadLine) { Import-Module PSReadLine; Set-PSReadLineOption -HistorySaveStyle SaveNothing }
Import-Module '$($ModuleManifest -replace "'", "''")'
$Script
'TERMINAL' + '-READY'
"@
    $pwsh = "'$([Environment]::ProcessPath)'"
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        $pwsh += " '$(Join-Path $PSHOME 'pwsh.dll')'"
    }
    & tmux -L $name -u new-session -d -s norsk -x 160 -y 50 "env LANG=C.UTF-8 LC_ALL=C.UTF-8 $pwsh -NoProfile -NoLogo -NoExit -File '$file'"
    if ($LASTEXITCODE -ne 0) { throw "tmux could not start a session ($LASTEXITCODE)." }
    $terminal = [pscustomobject]@{ Name = $name; File = $file }
    # Keys sent before the prompt reads them can be lost: wait for the prompt after the script.
    $null = Read-Terminal $terminal -Until { param($t) $t -match 'TERMINAL-READY\s*\n(.*\n)*PS [^\n]*>' }
    $terminal
}

function Send-TerminalKeys {
    <# Types -Text as it is (then Enter with -Enter), or presses -Key, a tmux key name such as C-c. #>
    param([Parameter(Mandatory)]$Terminal, [string]$Text, [string]$Key, [switch]$Enter)
    if ($Text) { & tmux -L $Terminal.Name send-keys -t norsk -l -- $Text }
    if ($Key) { & tmux -L $Terminal.Name send-keys -t norsk $Key }
    if ($Enter) { & tmux -L $Terminal.Name send-keys -t norsk Enter }
}

function Read-Terminal {
    <#
    The terminal's text, scrollback included, once -Until (given the text) holds, or as it is after -Timeout: a test
    asserts on the text, so a terminal that never shows what was awaited fails by what it shows.
    #>
    param([Parameter(Mandatory)]$Terminal, [scriptblock]$Until = { $true }, [timespan]$Timeout = [timespan]::FromSeconds(120))
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    do {
        $text = (& tmux -L $Terminal.Name capture-pane -p -J -t norsk -S -5000) -join "`n"
        if (& $Until $text) { return $text }
        Start-Sleep -Milliseconds 200
    } while ($clock.Elapsed -lt $Timeout)
    $text
}

function Stop-TerminalPwsh {
    <# Ends the terminal's own tmux server, and with it its pwsh. #>
    param([Parameter(Mandatory)]$Terminal)
    & tmux -L $Terminal.Name kill-server 2>$null
    Remove-Item -LiteralPath $Terminal.File -ErrorAction Ignore
}
