# Runs every ```powershell example in docs/en-US/*.md, docs/*.md and README.md in a fresh pwsh, against
# generated models, in a working folder with the files the examples use. Downloads go to a loopback server.

BeforeDiscovery {
    $root = Split-Path -Parent $PSScriptRoot
    $files = @(
        Get-ChildItem -Path (Join-Path $root 'docs/en-US') -Filter *.md
        Get-ChildItem -Path (Join-Path $root 'docs') -Filter *.md
        Get-Item -LiteralPath (Join-Path $root 'README.md')
    )

    function Test-IncompleteInput([string]$Text) {
        $tokens = $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
        [bool]($errors | Where-Object IncompleteInput)
    }

    function ConvertTo-RunnableCode([string[]]$Lines) {
        # PlatyPS style: 'PS <path>> ' starts a command, which continues while it is incomplete; the lines
        # after a complete command are its sample output. A block without prompts is plain code.
        $prompt = '^PS [^>]*> ?'
        if (-not ($Lines -match $prompt)) { return ($Lines -join "`n") }
        $commands = [System.Collections.Generic.List[string]]::new()
        $current = $null
        foreach ($line in $Lines) {
            if ($line -match $prompt) {
                if ($null -ne $current) { $commands.Add($current) }
                $current = $line -replace $prompt
            }
            elseif ($null -ne $current -and ((Test-IncompleteInput $current) -or $current.EndsWith('`'))) {
                $current += "`n" + $line
            }
            # else: sample output, not run.
        }
        if ($null -ne $current) { $commands.Add($current) }
        $commands -join "`n"
    }

    # Blocks that cannot run here, each with the reason.
    $skip = @{
        'docs/scaling.md block 1' = 'needs SSH hosts node1..node3; this very block runs over real SSH remoting to 127.0.0.1 and localhost in tests/Remoting.Tests.ps1 (the hand-split fan-out of docs/scaling.md)'
        'docs/scaling.md block 2' = 'needs SSH hosts node1..node3; Invoke-NorskFolderSummary.ps1 runs locally and remotely in tests/Remoting.Tests.ps1'
        'docs/en-US/Uninstall-NorskModel.md block 2' = 'demonstrates the -Confirm prompt, which needs a console to answer it; this very command runs in a real terminal in tests/Uninstall-NorskModel.Tests.ps1'
    }
    # Blocks that assert on what a real model answers: a generated model's words are random, so the block
    # must run through, and the only error it may raise is its own check's.
    $allowedError = @{
        'docs/en-US/Invoke-NorskChat.md block 9' = 'Unexpected answer'
        'README.md block 4'                      = 'Unexpected answer'
    }

    $script:Blocks = foreach ($file in $files) {
        $relative = [System.IO.Path]::GetRelativePath($root, $file.FullName) -replace '\\', '/'
        $n = 0
        $lines = $null
        foreach ($line in (Get-Content -LiteralPath $file.FullName -Encoding utf8)) {
            if ($null -eq $lines) {
                if ($line -match '^```powershell\s*$') { $lines = [System.Collections.Generic.List[string]]::new() }
            }
            elseif ($line -match '^```\s*$') {
                $n++
                $name = "$relative block $n"
                $code = ConvertTo-RunnableCode $lines.ToArray()
                @{
                    Name         = $name
                    Code         = $code
                    # The block deals with errors itself (catch, -ErrorAction SilentlyContinue/Ignore,
                    # -ErrorVariable): error records are part of the demonstration; it must still end well.
                    HandlesErrors = $code -match '(?m)\bcatch\b|-ErrorAction\s+(SilentlyContinue|Ignore)|-ErrorVariable'
                    AllowedError = $allowedError[$name]
                    SkipReason   = $skip[$name]
                }
                $lines = $null
            }
            else {
                $lines.Add($line)
            }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # Download examples fetch from the tests' loopback server, never from the internet.

    $script:Server = New-LoopbackServer
    function Add-Download([string]$Path, [byte[]]$Body, [string]$Sha256) {
        # Like Hugging Face's resolve URLs: the LFS SHA-256 as X-Linked-ETag, when there is one.
        $route = [NorskTest.Route]::new()
        $route.Body = $Body
        if ($Sha256) { $route.Headers['X-Linked-ETag'] = '"' + $Sha256 + '"' }
        $null = $Server.Add($Path, $route)
    }

    # One small real model (ContextLength 4096, so the default system prompt and long inputs fit), copied
    # under every name the examples use.
    $script:SourceModel = Join-Path $TestDrive 'source.gguf'
    $sourceSpec = @{ Name = 'norsk-docs'; Layers = 2; Embedding = 128; FeedForward = 256; ContextLength = 4096; Seed = 11 }
    New-TestModel -Path $SourceModel -Spec $sourceSpec | Out-Null
    $modelBytes = [System.IO.File]::ReadAllBytes($SourceModel)
    $modelSha = (Get-FileHash -LiteralPath $SourceModel -Algorithm SHA256).Hash.ToLowerInvariant()

    # Hugging Face-style routes for every size and quantization the docs install, and the example's own URL.
    foreach ($size in '7b', '13b') {
        foreach ($quantization in 'Q4_K_M', 'Q5_K_M', 'Q8_0') {
            Add-Download "/mradermacher/Llama-2-$size-chat-norwegian-GGUF/resolve/main/Llama-2-$size-chat-norwegian.$quantization.gguf" $modelBytes $modelSha
        }
    }
    Add-Download '/norsk/my-finetune.Q4_K_M.gguf' $modelBytes $null
    Add-Download '/norsk/my-finetune.Q4_K_M.gguf.sha256' ([System.Text.Encoding]::ASCII.GetBytes("$modelSha  my-finetune.Q4_K_M.gguf`n")) $null

    # The working folder every example starts in (copied fresh for each one).
    $script:Template = Join-Path $TestDrive 'template'
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    function Add-Fixture([string]$Path, [string]$Text, [System.Text.Encoding]$Encoding = $utf8) {
        $full = Join-Path $Template $Path
        New-Item -ItemType Directory -Path (Split-Path -Parent $full) -Force | Out-Null
        [System.IO.File]::WriteAllText($full, $Text, $Encoding)
    }
    function Add-Model([string]$Path) {
        $full = Join-Path $Template $Path
        New-Item -ItemType Directory -Path (Split-Path -Parent $full) -Force | Out-Null
        Copy-Item -LiteralPath $SourceModel -Destination $full
    }
    # The models folder ($env:NORSK_MODEL_DIR): the installed default (13B) and the 7B.
    Add-Model 'store/Llama-2-13b-chat-norwegian.Q4_K_M.gguf'
    Add-Model 'store/Llama-2-7b-chat-norwegian.Q4_K_M.gguf'
    Add-Model 'store/Llama-2-13b-chat-norwegian.Q8_0.gguf'
    Add-Fixture 'store/Llama-2-7b-chat-norwegian.Q5_K_M.gguf.partial' 'GGUF'
    # Files the examples name directly.
    foreach ($name in 'llama-2-7b-chat-norwegian.Q4_K_M.gguf', 'llama-2-13b-chat-norwegian.Q4_K_M.gguf', 'Llama-2-7b-chat-norwegian.Q4_K_M.gguf', 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf', '[test] llama-2-7b.gguf') {
        Add-Model "models/$name"
    }
    Add-Model 'home/models/llama-2-7b-chat-norwegian.Q4_K_M.gguf'
    Add-Model 'home/models/llama-2-13b-chat-norwegian.Q4_K_M.gguf'
    # A LoRA adapter for that model, as llama.cpp's convert_lora_to_gguf.py would write one.
    New-TestAdapter -Path (Join-Path $Template 'adapters/kundeservice-lora.gguf') -ModelSpec $sourceSpec -Spec @{ Name = 'kundeservice-lora' } | Out-Null

    $short = 'Bussen går hvert tiende minutt fra Jernbanetorget. Toget til Bergen er forsinket i dag.'
    # Longer than the context (4,096 tokens), so -SplitLongInput splits it and InputExceedsContext occurs.
    $long = (1..260 | ForEach-Object { "Avsnitt $_ i rapporten handler om kollektivtrafikken i Oslo, om billetter og om nye trikker." }) -join "`n"
    Add-Fixture 'meldinger.txt' "Bussen går hvert tiende minutt.`nToget går fra spor 3.`n"
    Add-Fixture 'spørsmål.txt' "Hva er hovedstaden i Norge?`nHvor ligger Tromsø?`n"
    Add-Fixture 'rapport.txt' "Rapporten viser at flere reiser kollektivt. Trikken er mer punktlig enn før. Bussene trenger nye ruter.`n"
    Add-Fixture 'årsrapport.txt' $long
    Add-Fixture 'brev.txt' "Hei! Jeg vil klage på at bussen ikke kom i går. Vennlig hilsen Kari`n"
    Add-Fixture 'fottur.json' (ConvertTo-Json @(
            @{ Role = 'user'; Content = 'Jeg planlegger en fottur i Jotunheimen i juli. Hva bør jeg pakke?' }
            @{ Role = 'assistant'; Content = 'Ta med gode sko, regntøy og varme klær.' }
        ))
    foreach ($folder in 'dokumenter', 'docs', 'rapporter', 'brev') {
        Add-Fixture "$folder/notat.txt" $short
        Add-Fixture "$folder/referat.txt" "Styret vedtok å kjøpe nye sykler. Neste møte er i mars.`n"
    }
    Add-Fixture 'brev/klage.txt' "Jeg er svært misfornøyd med at toget var forsinket tre dager på rad.`n"
    Add-Fixture 'brev/svar.txt' "Takk for at du sa fra. Vi beklager forsinkelsene.`n"
    Add-Fixture 'referater/2024-11-05-styremøte.txt' "Vedtak: nytt tak på hytta. Vedtak: dugnad i mai.`n"
    Add-Fixture 'referater/2025-03-12-styremøte.txt' "Vedtak: ny vaktmester fra april.`n"
    Add-Fixture 'referater/[utkast] styremøte.txt' "Utkast: styret diskuterte budsjettet.`n"
    Add-Fixture 'innboks/e-post-1.txt' "Hei, kan vi flytte møtet til torsdag?`n"
    Add-Fixture 'innboks/e-post-2.txt' "Vedlagt er fakturaen for mars.`n"
    Add-Fixture 'innboks/lang-e-post.txt' $long
    $invoice = "FAKTURA 2024-118`nDato: 14.03.2024`nFra: Fjellbakeriet AS, Storgata 3, 0155 Oslo`nÅ betale: 1 249,50 kr`n"
    Add-Fixture 'faktura.txt' $invoice
    Add-Fixture 'innboks/faktura-mars.txt' $invoice
    Add-Fixture 'innboks/faktura-april.txt' ($invoice -replace '14.03', '12.04')
    Add-Fixture 'arkiv/brev-1990.txt' "Kjære Åse! Været på Røros er kaldt, og vi går på ski hver dag.`n" ([System.Text.Encoding]::Latin1)
    Add-Fixture 'arkiv/brev-1991.txt' "Hilsen fra Tromsø, der det er mørketid og nordlys.`n" ([System.Text.Encoding]::Latin1)
    # README: Import-Module ./output/NorwegianLlama/<version>/NorwegianLlama.psd1, run from the repository.
    $script:ModuleBase = Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $ModuleManifest))

    function Invoke-DocsExample([string]$Code, [string]$AllowedError) {
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item -LiteralPath $Template -Destination $work -Recurse
        New-Item -ItemType SymbolicLink -Path (Join-Path $work 'output') -Target $ModuleBase | Out-Null
        $home_ = Join-Path $work 'home'
        # Stand-ins for the places the examples name outside the working folder, each with the reason.
        $substitutions = [ordered]@{
            'https://models.example.com'    = $Server.BaseUri              # an example's own download server
            'https://hf-mirror.example.com' = $Server.BaseUri              # a Hugging Face mirror
            'https://huggingface.co'        = $Server.BaseUri              # never download from the internet
            "'/srv/models'"                 = "'$work/srv/models'"         # a system-wide models folder
            "'/models/"                     = "'$work/models/"             # an absolute model path in CI
        }
        foreach ($entry in $substitutions.GetEnumerator()) {
            $Code = $Code.Replace($entry.Key, $entry.Value)
        }
        $quote = { param($s) "'" + ($s -replace "'", "''") + "'" }
        $script = @"
`$ErrorActionPreference = 'Continue'
`$env:PSModulePath = $(& $quote $ModuleBase) + [System.IO.Path]::PathSeparator + `$env:PSModulePath
`$env:NORSK_MODEL_DIR = $(& $quote (Join-Path $work 'store'))
`$env:NORSK_HF_ENDPOINT = $(& $quote $Server.BaseUri)
Remove-Item Env:NORSK_MODEL_PATH -ErrorAction Ignore
`$PSDefaultParameterValues = @{
    'Invoke-NorskChat:MaxTokens' = 8
    'Invoke-NorskInstruction:MaxTokens' = 8
    'Enter-NorskChat:MaxTokens' = 8
}
$(if ($AllowedError) { "trap { if (`$_.Exception.Message -like $(& $quote "$AllowedError*")) { 'Allowed: ' + `$_.Exception.Message; exit 0 }; break }" })
# ---- the example ----
$Code
"@
        $saved = $env:HOME
        $env:HOME = $home_
        try {
            $result = Invoke-ChildPwsh -Script $script -WorkingDirectory $work
        }
        finally {
            $env:HOME = $saved
        }
        $result | Add-Member -NotePropertyName Script -NotePropertyValue $Code -PassThru
    }
}

AfterAll {
    $Server.Dispose()
}

Describe 'Documentation examples' {
    It '<Name>' -ForEach $Blocks {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because $SkipReason
            return
        }
        $result = Invoke-DocsExample -Code $Code -AllowedError $AllowedError
        $because = "the example should run:`n$($result.Script)`n--- stderr ---`n$($result.StdErr)`n--- stdout ---`n$($result.StdOut)"
        if ($HandlesErrors) {
            $result.ExitCode | Should -Be 0 -Because $because
        }
        else {
            $result.ExitCode | Should -Be 0 -Because $because
            $result.StdErr.Trim() | Should -BeNullOrEmpty -Because $because
        }
    }
}
