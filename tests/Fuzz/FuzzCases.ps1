<#
Dot-sourced by the fuzz driver and by every child: the case list is derived from the counts alone, so a child
started at case N runs exactly what case N was in the first child. A case is a model mutation (by its
ModelMutator index), a LoRA adapter mutation (by its AdapterMutator index) or a hostile input (a template given
one of HostileText's strings, an odd parameter, a HostileGrammar for -Grammar or a HostileSchema for -JsonSchema).
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
    'Invoke-NorskChat -Grammar' = { param($t, $c) Invoke-NorskChat 'Hei' -Grammar $t -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1 }
    'Invoke-NorskInstruction -JsonSchema -AsObject' = { param($t, $c) 'tekst' | Invoke-NorskInstruction 'Hent ut feltene.' -JsonSchema $t -AsObject -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1 }
    'Invoke-NorskChat -LoraPath' = { param($t, $c) Invoke-NorskChat 'Hei' -LoraPath $t -ModelPath $c.Model -ContextSize 512 -MaxTokens 2 -Seed 1 }
    'Import-NorskModel -LoraPath' = { param($t, $c) Import-NorskModel -LiteralPath $c.Model -LoraPath $c.Adapter, $t -ContextSize 512 }
}

# Each hostile grammar (tests/Fuzz/HostileGrammar.cs) goes to one of these in turn, and so does each schema
# (HostileSchema.cs), as JSON text or, when it parses, as the hashtable or object a script would build.
$script:FuzzGrammarCalls = [ordered]@{
    'Invoke-NorskChat -Grammar' = { param($t, $c) Invoke-NorskChat 'Svar ja eller nei: er himmelen blå?' -Grammar $t -ModelPath $c.Model -ContextSize 512 -MaxTokens 8 -Seed $c.Case }
    'Invoke-NorskInstruction -Grammar' = { param($t, $c) Invoke-NorskInstruction 'Svar kort.' -InputObject 'Bussen går hvert tiende minutt.' -Grammar $t -ModelPath $c.Model -ContextSize 512 -MaxTokens 8 -Seed $c.Case }
    'Invoke-NorskChat -Grammar -Stream' = { param($t, $c) Invoke-NorskChat 'Hei' -Grammar $t -Stream -Temperature 0 -ModelPath $c.Model -ContextSize 512 -MaxTokens 8 }
    'Invoke-NorskInstruction -Grammar -AsObject' = { param($t, $c) 'a', 'b' | Invoke-NorskInstruction 'Svar i JSON.' -Grammar $t -AsObject -BatchSize 2 -ModelPath $c.Model -ContextSize 512 -MaxTokens 8 -Seed $c.Case }
}
$script:FuzzSchemaCalls = [ordered]@{
    'Invoke-NorskChat -JsonSchema -AsObject' = { param($t, $c) Invoke-NorskChat 'Faktura fra Ruter, 420 kr, 2026-11-26.' -JsonSchema $t -AsObject -ModelPath $c.Model -ContextSize 512 -MaxTokens 48 -Seed $c.Case }
    'Invoke-NorskInstruction -JsonSchema (hashtable) -AsObject' = {
        param($t, $c)
        $schema = try { ConvertFrom-Json -InputObject $t -AsHashtable -Depth 1024 -ErrorAction Stop } catch { $t }
        if ($null -eq $schema) { $schema = $t }
        Invoke-NorskInstruction 'Hent ut feltene.' -InputObject 'Faktura fra Ruter, 420 kr.' -JsonSchema $schema -AsObject -ModelPath $c.Model -ContextSize 512 -MaxTokens 48 -Seed $c.Case
    }
    'Invoke-NorskChat -JsonSchema' = { param($t, $c) Invoke-NorskChat 'Hei' -JsonSchema $t -ModelPath $c.Model -ContextSize 512 -MaxTokens 32 -Seed $c.Case }
    'Invoke-NorskInstruction -JsonSchema (object) -AsObject' = {
        param($t, $c)
        $schema = try { ConvertFrom-Json -InputObject $t -Depth 1024 -ErrorAction Stop } catch { $t }
        if ($null -eq $schema) { $schema = $t }
        'a', 'b' | Invoke-NorskInstruction 'Svar i JSON.' -JsonSchema $schema -AsObject -BatchSize 2 -ModelPath $c.Model -ContextSize 512 -MaxTokens 32 -Seed $c.Case
    }
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
    'LoraScale NaN'                = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale ([float]::NaN) -MaxTokens 2 }
    'LoraScale Infinity'           = { param($c) Import-NorskModel -LiteralPath $c.Model -LoraPath $c.Adapter -LoraScale ([float]::PositiveInfinity) }
    'LoraScale -Infinity'          = { param($c) Invoke-NorskInstruction 'x' -InputObject 'a' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale ([float]::NegativeInfinity) -MaxTokens 2 }
    'LoraScale float.MaxValue'     = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale ([float]::MaxValue) -ContextSize 512 -MaxTokens 4 -Seed 1 }
    'LoraScale -1e38 and 1e-45'    = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter, $c.Adapter2 -LoraScale -1e38, 1e-45 -ContextSize 512 -MaxTokens 4 -Seed 1 }
    'LoraScale double 1e300'       = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale 1e300 -MaxTokens 2 }
    'LoraScale two for one'        = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale 1, 2 -MaxTokens 2 }
    'LoraScale one for two'        = { param($c) Import-NorskModel -LiteralPath $c.Model -LoraPath $c.Adapter, $c.Adapter2 -LoraScale 1 }
    'LoraScale 1000 values'        = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale (1..1000) -MaxTokens 2 }
    'LoraScale without LoraPath'   = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraScale 1 -MaxTokens 2 }
    'LoraScale empty'              = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale @() -MaxTokens 2 }
    'LoraScale null'               = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale $null -MaxTokens 2 }
    'LoraScale text'               = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -LoraScale 'mye' -MaxTokens 2 }
    'LoraPath empty and null'      = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath @('', $null) -MaxTokens 2 }
    'LoraPath the same twice'      = { param($c) Import-NorskModel -LiteralPath $c.Model -LoraPath $c.Adapter, $c.Adapter }
    'LoraPath the same by two spellings' = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter, (Join-Path $c.Work "./sub/../$(Split-Path -Leaf $c.Adapter)") -MaxTokens 2 }
    'LoraPath 64 copies'           = {
        param($c)
        $copies = 1..64 | ForEach-Object { $f = Join-Path $c.Work "copy-$_.lora.gguf"; Copy-Item -LiteralPath $c.Adapter -Destination $f; $f }
        Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $copies -LoraScale (1..64 | ForEach-Object { 0.01 }) -ContextSize 512 -MaxTokens 2 -Seed 1
    }
    'LoraPath the model itself'    = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Model -MaxTokens 2 }
    'ModelPath an adapter'         = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Adapter -MaxTokens 2 }
    'Import an adapter as a model with itself' = { param($c) Import-NorskModel -LiteralPath $c.Adapter -LoraPath $c.Adapter }
    'LoraPath /dev/zero'           = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath '/dev/zero' -MaxTokens 2 }
    'LoraPath /dev/urandom'        = { param($c) Import-NorskModel -LiteralPath $c.Model -LoraPath '/dev/urandom' }
    'LoraPath a folder'            = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Work -MaxTokens 2 }
    'LoraPath a wildcard'          = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath (Join-Path $c.Work '*.gguf') -MaxTokens 2 }
    'LoraPath a variable drive'    = { param($c) Import-NorskModel -LiteralPath $c.Model -LoraPath 'Variable:PSHOME' }
    'LoraPath with a grammar and schema' = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -Grammar 'root ::= "ja" | "nei"' -JsonSchema '{}' -MaxTokens 2 }
    'LoraPath with -Grammar -AsObject' = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -LoraPath $c.Adapter -Grammar 'root ::= "[" [0-9]{1,3} "]"' -AsObject -ContextSize 512 -MaxTokens 8 -Seed 1 }
    'Grammar and JsonSchema together' = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -Grammar 'root ::= "ja"' -JsonSchema '{"type":"null"}' -MaxTokens 2 }
    'AsObject with Stream'         = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -AsObject -Stream -MaxTokens 2 }
    'AsObject MaxTokens 1'         = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -AsObject -ContextSize 512 -MaxTokens 1 -Seed 1 }
    'AsObject with a Stop inside JSON' = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -AsObject -Stop '{', '"', ':' -ContextSize 512 -MaxTokens 16 -Seed 1 }
    'AsObject ContextSize 64'      = { param($c) Invoke-NorskChat ('ord ' * 20) -ModelPath $c.Model -AsObject -ContextSize 64 -MaxTokens 1000 -Seed 1 }
    'JsonSchema a number'          = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -JsonSchema 42 -MaxTokens 2 }
    'JsonSchema an array'          = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -JsonSchema @(@{ type = 'null' }) -MaxTokens 2 }
    'JsonSchema a script block'    = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -JsonSchema { 'type' } -MaxTokens 2 }
    'JsonSchema null'              = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -JsonSchema $null -MaxTokens 2 }
    'JsonSchema a hashtable 200 deep' = {
        param($c)
        $schema = @{ type = 'string' }
        1..200 | ForEach-Object { $schema = @{ type = 'object'; properties = @{ a = $schema }; required = @('a') } }
        Invoke-NorskChat 'Hei' -ModelPath $c.Model -JsonSchema $schema -ContextSize 512 -MaxTokens 8 -Seed 1
    }
    'JsonSchema a self-referencing hashtable' = {
        param($c)
        $schema = @{ type = 'object'; properties = @{} }
        $schema.properties.self = $schema
        Invoke-NorskChat 'Hei' -ModelPath $c.Model -JsonSchema $schema -ContextSize 512 -MaxTokens 8 -Seed 1
    }
    'JsonSchema a hashtable with odd values' = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -JsonSchema @{ type = [datetime]::MinValue; enum = @([double]::NaN, [double]::PositiveInfinity, [char]0, [guid]::Empty) } -MaxTokens 2 }
    'Grammar null'                 = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -Grammar $null -MaxTokens 2 }
    'Grammar an array'             = { param($c) Invoke-NorskChat 'Hei' -ModelPath $c.Model -Grammar @('root ::= "ja"', 'x') -MaxTokens 2 }
    'Grammar on Enter-NorskChat'   = { param($c) 'Hei', '/exit' | Enter-NorskChat -ModelPath $c.Model -Grammar 'root ::= "ja"' -MaxTokens 2 }
}

function Get-FuzzCaseList {
    <#
    Every case as (Index, Kind, Number). The full run takes ModelCount mutations and every input case; a
    slice of SliceSize takes evenly spaced cases from both, so it is a sample of the same run.
    #>
    param([int]$ModelCount, [int]$AdapterCount, [int]$SliceSize = 0)
    $inputCount = Get-FuzzInputCount
    $cases = [System.Collections.Generic.List[object]]::new()
    if ($SliceSize -gt 0) {
        $models = [math]::Floor($SliceSize * 0.55)
        $adapters = [math]::Floor($SliceSize * 0.15)
        $inputs = $SliceSize - $models - $adapters
        for ($i = 0; $i -lt $models; $i++) { $cases.Add(@{ Kind = 'Model'; Number = [int][math]::Floor($i * $ModelCount / $models) }) }
        # Consecutive adapter numbers: each runs a different family, and a slice should see them all.
        for ($i = 0; $i -lt $adapters; $i++) { $cases.Add(@{ Kind = 'Adapter'; Number = $i }) }
        for ($i = 0; $i -lt $inputs; $i++) { $cases.Add(@{ Kind = 'Input'; Number = [int][math]::Floor($i * $inputCount / $inputs) }) }
    }
    else {
        for ($i = 0; $i -lt $ModelCount; $i++) { $cases.Add(@{ Kind = 'Model'; Number = $i }) }
        for ($i = 0; $i -lt $AdapterCount; $i++) { $cases.Add(@{ Kind = 'Adapter'; Number = $i }) }
        for ($i = 0; $i -lt $inputCount; $i++) { $cases.Add(@{ Kind = 'Input'; Number = $i }) }
    }
    for ($i = 0; $i -lt $cases.Count; $i++) { $cases[$i].Index = $i }
    $cases
}

function Get-FuzzInputCount {
    [NorwegianLlama.Fuzz.HostileText]::Count * $FuzzInputTemplates.Count + $FuzzOddCalls.Count +
    [NorwegianLlama.Fuzz.HostileGrammar]::Count + [NorwegianLlama.Fuzz.HostileSchema]::Count
}

function Get-FuzzInputCase {
    <#
    The template and string, odd call, grammar or schema for input case N: every template meets every string,
    then the odd calls, then each grammar and each schema once. Family is the cmdlet (and surface) for the report.
    #>
    param([int]$Number)
    $textCount = [NorwegianLlama.Fuzz.HostileText]::Count
    $templates = @($FuzzInputTemplates.Keys)
    $combined = $textCount * $templates.Count
    $grammars = $combined + $FuzzOddCalls.Count
    $schemas = $grammars + [NorwegianLlama.Fuzz.HostileGrammar]::Count
    if ($Number -lt $combined) {
        $template = $templates[$Number % $templates.Count]
        $text = [math]::Floor($Number / $templates.Count)
        @{
            Name   = "$template <- $([NorwegianLlama.Fuzz.HostileText]::Name($text))"
            Block  = $FuzzInputTemplates[$template]
            Text   = [NorwegianLlama.Fuzz.HostileText]::Text($text)
            Family = ($template -split ' ')[0]
            Surface = 'Text'
            InputName = [NorwegianLlama.Fuzz.HostileText]::Name($text)
        }
    }
    elseif ($Number -lt $grammars) {
        $name = @($FuzzOddCalls.Keys)[$Number - $combined]
        @{ Name = $name; Block = $FuzzOddCalls[$name]; Text = $null; Family = ($name -split ' ')[0]; Surface = 'Odd'; InputName = 'odd parameter value' }
    }
    elseif ($Number -lt $schemas) {
        $grammar = $Number - $grammars
        $call = @($FuzzGrammarCalls.Keys)[$grammar % $FuzzGrammarCalls.Count]
        @{
            Name   = "$call <- $([NorwegianLlama.Fuzz.HostileGrammar]::Name($grammar))"
            Block  = $FuzzGrammarCalls[$call]
            Text   = [NorwegianLlama.Fuzz.HostileGrammar]::Text($grammar)
            Family = $call
            Surface = 'Grammar'
            InputName = 'GBNF grammar'
        }
    }
    else {
        $schema = $Number - $schemas
        $call = @($FuzzSchemaCalls.Keys)[$schema % $FuzzSchemaCalls.Count]
        @{
            Name   = "$call <- $([NorwegianLlama.Fuzz.HostileSchema]::Name($schema))"
            Block  = $FuzzSchemaCalls[$call]
            Text   = [NorwegianLlama.Fuzz.HostileSchema]::Text($schema)
            Family = $call
            Surface = 'JsonSchema'
            InputName = 'JSON Schema'
        }
    }
}
