<#
Dot-sourced by the fuzz driver and by every child: the case list is derived from the counts alone, so a child
started at case N runs exactly what case N was in the first child. A case is a model mutation (by its
ModelMutator index) or a hostile input (a template given one of HostileText's strings, or an odd parameter).
#>

# Each template hands one hostile string to one parameter of one cmdlet. $t is the string, $c the context
# (a loaded well-formed model, a work folder, a loopback server). Anything that could write or delete outside
# the work folder runs with -WhatIf, or only for strings that cannot leave it.
$script:FuzzInputTemplates = [ordered]@{
    'ConvertTo-NorskPrompt -Message -SystemPrompt' = { param($t, $c) ConvertTo-NorskPrompt -Message $t -SystemPrompt $t }
    'ConvertTo-NorskPrompt -Instruction -InputObject -ModelPath' = { param($t, $c) $t | ConvertTo-NorskPrompt -Instruction "Oppsummer $t" -ModelPath $c.Model }
    'ConvertTo-NorskPrompt -Conversation' = { param($t, $c) ConvertTo-NorskPrompt -Message $t -Conversation @(@{ Role = 'user'; Content = $t }, @{ Role = 'assistant'; Content = $t }, @{ Role = $t; Content = 'x' }) }
    'Invoke-NorskChat -Message' = { param($t, $c) Invoke-NorskChat $t -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1 }
    'Invoke-NorskChat -SystemPrompt -Stop -Stream' = { param($t, $c) Invoke-NorskChat 'Hei' -SystemPrompt $t -Stop $t -Stream -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1 }
    'Invoke-NorskChat -Conversation' = { param($t, $c) Invoke-NorskChat $t -Conversation @(@{ Role = 'system'; Content = $t }, @{ Role = 'user'; Content = $t }, @{ Role = 'assistant'; Content = $t }) -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1 }
    'Invoke-NorskChat -ModelPath' = { param($t, $c) Invoke-NorskChat 'Hei' -ModelPath $t -MaxTokens 2 }
    'Invoke-NorskInstruction -Instruction -InputObject' = { param($t, $c) $t, 'tekst' | Invoke-NorskInstruction $t -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1 -BatchSize 2 }
    'Invoke-NorskInstruction -LiteralPath (file content)' = {
        param($t, $c)
        $file = Join-Path $c.Work "input-$($c.Case).txt"
        # Encoding.UTF8 writes lone surrogates as U+FFFD, as any editor would; WriteAllText would throw instead.
        [System.IO.File]::WriteAllBytes($file, [System.Text.Encoding]::UTF8.GetBytes($t))
        Invoke-NorskInstruction "Oppsummer." -LiteralPath $file -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1
    }
    'Invoke-NorskInstruction -Path -Encoding' = { param($t, $c) Invoke-NorskInstruction 'Oppsummer.' -Path $t -Encoding $t -ModelPath $c.Model -MaxTokens 2 }
    'Enter-NorskChat (piped lines and commands)' = {
        param($t, $c)
        $lines = @($t, "/system $t", "/load $t", 'Hei', '/reset')
        # /save writes where it is told: only names that stay in the work folder.
        if ($t -and $t -notmatch '[/\\~]|\.\.|^[A-Za-z]:') { $lines += "/save $(Join-Path $c.Work "chat-$($c.Case)-")$t" }
        $lines + '/exit' | Enter-NorskChat -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1
    }
    'Get-NorskModelInfo -Path -LiteralPath' = { param($t, $c) Get-NorskModelInfo -Path $t; Get-NorskModelInfo -LiteralPath $t }
    'Import-NorskModel -Path -LiteralPath' = { param($t, $c) Import-NorskModel -Path $t; Import-NorskModel -LiteralPath $t }
    'Remove-NorskModel -Path -LiteralPath' = { param($t, $c) Remove-NorskModel -Path $t -WhatIf; Remove-NorskModel -LiteralPath $t }
    'Install-NorskModel -Uri (loopback)' = {
        param($t, $c)
        Install-NorskModel -Uri "$($c.Server())/files/$([uri]::EscapeDataString($t))" -Destination (Join-Path $c.Work 'installed') -MaximumRetryCount 0 -Force
        Install-NorskModel -Uri $t -Destination (Join-Path $c.Work 'installed') -MaximumRetryCount 0 -WhatIf
    }
    'Install-NorskModel -Destination -WhatIf' = { param($t, $c) Install-NorskModel -Uri "$($c.Server())/model.gguf" -Destination $t -MaximumRetryCount 0 -WhatIf }
    'Uninstall-NorskModel -Path -LiteralPath -WhatIf' = { param($t, $c) Uninstall-NorskModel -Path $t -WhatIf; Uninstall-NorskModel -LiteralPath $t -WhatIf }
}

# Odd parameter values where the types allow them: huge, negative, NaN, empty, and special files.
$script:FuzzOddCalls = [ordered]@{
    'MaxTokens 1048576'            = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -ContextSize 256 -MaxTokens 1048576 -Seed 1 }
    'MaxTokens 0'                  = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 0 }
    'MaxTokens -1'                 = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens -1 }
    'MaxTokens int.MaxValue'       = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens ([int]::MaxValue) }
    'MaxTokens long.MaxValue'      = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens ([long]::MaxValue) }
    'Temperature NaN'              = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Temperature ([float]::NaN) }
    'Temperature Infinity'         = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Temperature ([float]::PositiveInfinity) }
    'Temperature -1'               = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Temperature -1 }
    'Temperature 0 greedy'         = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Temperature 0 }
    'Temperature 5'                = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Temperature 5 -Seed 3 }
    'TopP NaN'                     = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -TopP ([float]::NaN) }
    'TopP 0'                       = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -TopP 0 -Seed 1 }
    'TopK 1000000'                 = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -TopK 1000000 -Seed 1 }
    'TopK -1'                      = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -TopK -1 }
    'MinP NaN'                     = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -MinP ([float]::NaN) }
    'MinP 1'                       = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -MinP 1 -Seed 1 }
    'RepeatPenalty 0'              = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -RepeatPenalty 0 -Seed 1 }
    'RepeatPenalty NaN'            = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -RepeatPenalty ([float]::NaN) }
    'Seed -1'                      = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Seed -1 }
    'Seed uint.MaxValue'           = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Seed 4294967295 }
    'Seed 2^32'                    = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Seed 4294967296 }
    'ContextSize 63'               = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -ContextSize 63 }
    'ContextSize 64 long prompt'   = { param($c) Invoke-NorskChat ('ord ' * 200) -ModelPath $c.Model -MaxTokens 2 -ContextSize 64 }
    'ContextSize 1048576'          = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -ContextSize 1048576 -Seed 1 }
    'Threads 0'                    = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Threads 0 }
    'Threads 512'                  = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Threads 512 -Seed 1 }
    'Stop empty and null'          = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 2 -Stop @('', $null) }
    'Stop 1000 strings'            = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -MaxTokens 4 -Seed 1 -Stop (1..1000 | ForEach-Object { "s$_" }) }
    'BatchSize 0'                  = { param($c) 'a' | Invoke-NorskInstruction 'x' -ModelPath $c.Model -MaxTokens 2 -BatchSize 0 }
    'BatchSize 64 with 64 inputs'  = { param($c) 1..64 | ForEach-Object { "tekst $_" } | Invoke-NorskInstruction 'x' -ModelPath $c.Model -ContextSize 2048 -MaxTokens 2 -BatchSize 64 -Seed 1 }
    'BatchSize 65'                 = { param($c) 'a' | Invoke-NorskInstruction 'x' -ModelPath $c.Model -MaxTokens 2 -BatchSize 65 }
    'Encoding utf-7'               = { param($c) Invoke-NorskInstruction 'x' -LiteralPath $c.Model -Encoding 'utf-7' -ModelPath $c.Model -MaxTokens 2 }
    'Encoding utf-32 of a model'   = { param($c) Invoke-NorskInstruction 'x' -LiteralPath $c.Model -Encoding 'utf-32' -SplitLongInput -ModelPath $c.Model -MaxTokens 2 -Seed 1 }
    'Instruction on a binary file' = { param($c) Invoke-NorskInstruction 'x' -LiteralPath $c.Model -ModelPath $c.Model -MaxTokens 2 -Seed 1 }
    'Info on /dev/zero'            = { param($c) Get-NorskModelInfo -LiteralPath '/dev/zero' }
    'Info on /dev/urandom'         = { param($c) Get-NorskModelInfo -LiteralPath '/dev/urandom' }
    'Info on /proc/self/maps'      = { param($c) Get-NorskModelInfo -LiteralPath '/proc/self/maps' }
    'Info on a folder'             = { param($c) Get-NorskModelInfo -LiteralPath $c.Work }
    'Info on an empty file'        = { param($c) $f = Join-Path $c.Work 'empty.gguf'; [IO.File]::WriteAllBytes($f, [byte[]]@()); Get-NorskModelInfo -LiteralPath $f }
    'Import /dev/zero'             = { param($c) Import-NorskModel -LiteralPath '/dev/zero' }
    'Chat with /dev/urandom'       = { param($c) Invoke-NorskChat 'Hei' -ModelPath '/dev/urandom' -MaxTokens 2 }
    'Import ContextSize max Threads 512' = { param($c) Import-NorskModel -LiteralPath $c.Model -ContextSize 1048576 -Threads 512 }
    'Import -InputObject null'     = { param($c) Import-NorskModel -InputObject $null }
    'Remove -InputObject null'     = { param($c) Remove-NorskModel -InputObject $null }
    'Remove -All twice'            = { param($c) Remove-NorskModel -All; Remove-NorskModel -All }
    'Conversation of nulls'        = { param($c) ConvertTo-NorskPrompt 'Hei' -Conversation @($null, $null) }
    'Conversation of numbers'      = { param($c) Invoke-NorskChat 'Hei' -Conversation @(1, 2, 3) -ModelPath $c.Model -MaxTokens 2 }
    'Conversation of empty tables' = { param($c) ConvertTo-NorskPrompt 'Hei' -Conversation @(@{}, @{ Role = $null }) }
    'Conversation of 10000 turns'  = { param($c) Invoke-NorskChat 'Hei' -Conversation (1..5000 | ForEach-Object { @{ Role = 'user'; Content = "q$_" }, @{ Role = 'assistant'; Content = "a$_" } }) -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 }
    'Install -MaximumRetryCount -1' = { param($c) Install-NorskModel -Uri "$($c.Server())/model.gguf" -MaximumRetryCount -1 -WhatIf }
    'Install -Sha256 zz'           = { param($c) Install-NorskModel -Uri "$($c.Server())/model.gguf" -Sha256 'zz' -WhatIf }
    'Install wrong Sha256'         = { param($c) Install-NorskModel -Uri "$($c.Server())/model.gguf" -Sha256 ('0' * 64) -Destination (Join-Path $c.Work 'sha') -MaximumRetryCount 0 }
    'Install refused connection'   = { param($c) Install-NorskModel -Uri 'http://127.0.0.1:9/model.gguf' -Destination (Join-Path $c.Work 'refused') -MaximumRetryCount 0 }
    'Install ftp and file URIs'    = { param($c) Install-NorskModel -Uri 'ftp://127.0.0.1/x.gguf' -WhatIf; Install-NorskModel -Uri 'file:///etc/passwd' -Destination (Join-Path $c.Work 'file') -MaximumRetryCount 0 }
    'Install a mutated model'      = { param($c) Install-NorskModel -Uri "$($c.Server())/broken.gguf" -Destination (Join-Path $c.Work 'broken') -MaximumRetryCount 0 -Force }
    'Install 70b'                  = { param($c) Install-NorskModel -Name '70b' -WhatIf }
    'Install by name (loopback)'   = { param($c) Install-NorskModel -Name '7b' -Quantization 'Q2_K' -Destination (Join-Path $c.Work 'byname') -MaximumRetryCount 0 }
    'Uninstall 13b -WhatIf'        = { param($c) Uninstall-NorskModel -Name '13b' -WhatIf }
    'Uninstall 70b'                = { param($c) Uninstall-NorskModel -Name '70b' }
    'Uninstall -InputObject null'  = { param($c) Uninstall-NorskModel -InputObject $null }
}

function Get-FuzzCaseList {
    <#
    Every case as (Index, Kind, Number). The full run takes ModelCount mutations and every input case; a
    slice of SliceSize takes evenly spaced cases from both, so it is a sample of the same run.
    #>
    param([int]$ModelCount, [int]$SliceSize = 0)
    $textCount = [NorwegianLlama.Fuzz.HostileText]::Count
    $templateCount = $FuzzInputTemplates.Count
    $inputCount = $textCount * $templateCount + $FuzzOddCalls.Count
    $cases = [System.Collections.Generic.List[object]]::new()
    if ($SliceSize -gt 0) {
        $models = [math]::Floor($SliceSize * 0.6)
        $inputs = $SliceSize - $models
        for ($i = 0; $i -lt $models; $i++) { $cases.Add(@{ Kind = 'Model'; Number = [int][math]::Floor($i * $ModelCount / $models) }) }
        for ($i = 0; $i -lt $inputs; $i++) { $cases.Add(@{ Kind = 'Input'; Number = [int][math]::Floor($i * $inputCount / $inputs) }) }
    }
    else {
        for ($i = 0; $i -lt $ModelCount; $i++) { $cases.Add(@{ Kind = 'Model'; Number = $i }) }
        for ($i = 0; $i -lt $inputCount; $i++) { $cases.Add(@{ Kind = 'Input'; Number = $i }) }
    }
    for ($i = 0; $i -lt $cases.Count; $i++) { $cases[$i].Index = $i }
    $cases
}

function Get-FuzzInputCase {
    <# The template and string (or odd call) for input case N: every template meets every string. #>
    param([int]$Number)
    $textCount = [NorwegianLlama.Fuzz.HostileText]::Count
    $templates = @($FuzzInputTemplates.Keys)
    $combined = $textCount * $templates.Count
    if ($Number -lt $combined) {
        $template = $templates[$Number % $templates.Count]
        $text = [math]::Floor($Number / $templates.Count)
        @{
            Name  = "$template <- $([NorwegianLlama.Fuzz.HostileText]::Name($text))"
            Block = $FuzzInputTemplates[$template]
            Text  = [NorwegianLlama.Fuzz.HostileText]::Text($text)
        }
    }
    else {
        $name = @($FuzzOddCalls.Keys)[$Number - $combined]
        @{ Name = $name; Block = $FuzzOddCalls[$name]; Text = $null }
    }
}
