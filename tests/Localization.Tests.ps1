# The module in a Norwegian user's shell: help and the module's own messages in Bokmål for nb-NO, nn-NO and no,
# English for everyone else, and the same error ids in every language. Each case starts a fresh pwsh whose
# locale comes from LC_ALL, as a user's terminal sets it, so PowerShell and .NET pick the culture themselves.

BeforeDiscovery {
    $norwegianCases = @(
        @{ Locale = 'nb_NO.UTF-8'; Culture = 'nb-NO' }
        @{ Locale = 'nn_NO.UTF-8'; Culture = 'nn-NO' }
        @{ Locale = 'no_NO.UTF-8'; Culture = 'no-NO' }
    )
    $otherCases = @(
        @{ Locale = 'en_US.UTF-8'; Culture = 'en-US' }
        @{ Locale = 'de_DE.UTF-8'; Culture = 'de-DE' }
        @{ Locale = 'C.UTF-8'; Culture = '' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:Stage = Split-Path $ModuleManifest

    function Get-StagedSynopsis {
        # The synopsis the converter wrote for a cmdlet, in one language's MAML file.
        param([string]$Culture, [string]$Name)
        $xml = [System.Xml.XmlDocument]::new()
        $xml.Load((Join-Path $Stage "$Culture/NorwegianLlama.dll-Help.xml"))
        $command = $xml.DocumentElement.ChildNodes | Where-Object {
            $_.LocalName -eq 'command' -and $_.SelectSingleNode('*[local-name() = "details"]/*[local-name() = "name"]').InnerText -eq $Name
        }
        ($command.SelectSingleNode('*[local-name() = "details"]/*[local-name() = "description"]').InnerText -replace '\s+', ' ').Trim()
    }

    function Get-LanguageScore {
        # Common function words of each language, counted as whole words: a page of running text in one language
        # has many of its own and few of the other's, whatever its subject.
        param([string]$Text)
        $words = @($Text.ToLowerInvariant() -split '[^\p{L}]+' | Where-Object { $_ })
        [pscustomobject]@{
            Norwegian = @($words | Where-Object { $_ -in 'og', 'ikke', 'som', 'er', 'til', 'med', 'på', 'av', 'den', 'det', 'du', 'eller', 'når' }).Count
            English   = @($words | Where-Object { $_ -in 'the', 'and', 'is', 'of', 'to', 'with', 'on', 'you', 'or', 'when', 'it', 'that', 'are' }).Count
        }
    }

    function Invoke-InLocale {
        param([string]$Locale, [string]$Script)
        $result = Invoke-ChildPwsh -Script $Script -Environment @{ LC_ALL = $Locale; LANG = $Locale }
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut | ConvertFrom-Json
    }

    $script:HelpScript = @'
Import-Module $ModuleManifest
[pscustomobject]@{
    UICulture = $PSUICulture
    About     = Get-Help -Name about_NorwegianLlama | Out-String -Width 100
    Synopsis  = (Get-Help -Name Invoke-NorskChat).Synopsis
    Full      = Get-Help -Name Invoke-NorskChat -Full | Out-String -Width 100
} | ConvertTo-Json
'@

    $script:MissingModelScript = @'
Import-Module $ModuleManifest
$missing = Join-Path ([System.IO.Path]::GetTempPath()) 'norsk-finnes-ikke/modell.gguf'
try {
    Invoke-NorskChat -Message 'Hei!' -ModelPath $missing -ErrorAction Stop
    throw 'Invoke-NorskChat did not fail.'
}
catch {
    [pscustomobject]@{ Message = $_.Exception.Message; ErrorId = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)" } |
        ConvertTo-Json
}
'@
}

Describe 'Help for a Norwegian reader' {
    It 'shows about_NorwegianLlama and Invoke-NorskChat in Bokmål when the UI culture is <Culture>' -TestCases $norwegianCases {
        param($Locale, $Culture)
        $shown = Invoke-InLocale $Locale $HelpScript
        $shown.UICulture | Should -Be $Culture
        $shown.Synopsis | Should -Be (Get-StagedSynopsis 'nb-NO' 'Invoke-NorskChat')
        $shown.Synopsis | Should -Not -Be (Get-StagedSynopsis 'en-US' 'Invoke-NorskChat')
        foreach ($text in $shown.About, $shown.Full) {
            $score = Get-LanguageScore $text
            $score.Norwegian | Should -BeGreaterThan (4 * $score.English) -Because "help shown in $Culture should be Norwegian ($score)"
        }
    }

    It 'shows the English help when the UI culture is ''<Culture>''' -TestCases $otherCases {
        param($Locale, $Culture)
        $shown = Invoke-InLocale $Locale $HelpScript
        $shown.UICulture | Should -Be $Culture
        $shown.Synopsis | Should -Be (Get-StagedSynopsis 'en-US' 'Invoke-NorskChat')
        foreach ($text in $shown.About, $shown.Full) {
            $score = Get-LanguageScore $text
            $score.English | Should -BeGreaterThan (4 * $score.Norwegian) -Because "help shown in '$Culture' should be English ($score)"
        }
    }

    It 'stages the same help for <Culture> as for nb-NO' -TestCases @(@{ Culture = 'nn-NO' }, @{ Culture = 'no' }) {
        param($Culture)
        $bokmal = @(Get-ChildItem -LiteralPath (Join-Path $Stage 'nb-NO') -File | Sort-Object Name)
        $bokmal | Should -Not -BeNullOrEmpty
        $copy = @(Get-ChildItem -LiteralPath (Join-Path $Stage $Culture) -File | Sort-Object Name)
        $copy.Name | Should -Be $bokmal.Name
        foreach ($file in $bokmal) {
            (Get-FileHash -LiteralPath (Join-Path $Stage "$Culture/$($file.Name)")).Hash | Should -Be (Get-FileHash -LiteralPath $file.FullName).Hash
        }
    }
}

Describe 'Messages for a Norwegian reader' {
    BeforeAll {
        $script:English = Invoke-InLocale 'en_US.UTF-8' $MissingModelScript

        # A model trained for 256 tokens, imported with a 512-token context: a warning, the verbose lines of a load
        # and the KV cache's progress, all read from the streams of a runspace in the child.
        $script:ImportModel = Join-Path $TestDrive 'sprak.gguf'
        New-TestModel -Path $ImportModel -Spec @{ Name = 'sprak'; Layers = 2; ContextLength = 256; Seed = 3 } | Out-Null
        $script:ImportBlocks = (Get-NorskModelInfo -Path $ImportModel).BlockCount
        $script:ImportScript = @"
Remove-Item Env:NORSK_NATIVE_LOG, Env:NORSK_GPU_LAYERS -ErrorAction Ignore
`$ps = [powershell]::Create()
`$null = `$ps.AddCommand('Import-Module').AddArgument(`$ModuleManifest).AddStatement()
`$null = `$ps.AddCommand('Import-NorskModel').AddParameter('Path', '$($ImportModel -replace "'", "''")').AddParameter('ContextSize', 512).AddParameter('Verbose')
`$null = `$ps.Invoke()
[pscustomobject]@{
    Errors     = @(`$ps.Streams.Error | ForEach-Object { "`$_" })
    Warnings   = @(`$ps.Streams.Warning | ForEach-Object Message)
    Verbose    = @(`$ps.Streams.Verbose | ForEach-Object Message)
    Activities = @(`$ps.Streams.Progress | ForEach-Object Activity | Select-Object -Unique)
    Statuses   = @(`$ps.Streams.Progress | ForEach-Object StatusDescription | Select-Object -Unique)
} | ConvertTo-Json
"@

        # What the import writes in each language; the same checks read either.
        $script:ImportTexts = @{
            Norwegian = @{
                Language   = 'Norwegian'
                Warning    = 'ContextSize 512 er større enn de 256 tokenene modellen ble trent på; svar som går forbi den lengden, blir dårligere.'
                Verbose    = @(
                    "Lastet inn «$ImportModel» på * ms."
                    'Vektene er pakket om for denne CPU-en*'
                    "*alle $ImportBlocks lagene*kjører på*"
                    'Reserverte KV-cachen for 512 tokener (f16/f16, *) på * ms; neste kall starter med den.'
                )
                Activity   = 'Laster sprak.gguf'
                Done       = 'Ferdig'
                Allocating = 'Reserverer minne til KV-cachen (*)'
            }
            English   = @{
                Language   = 'English'
                Warning    = 'ContextSize 512 is larger than the 256 tokens the model was trained for; answers past that length degrade.'
                Verbose    = @(
                    "Loaded '$ImportModel' in * ms."
                    'The weights are repacked for this CPU*'
                    "*all $ImportBlocks layers*run on the*"
                    'Allocated the f16/f16 KV cache for 512 tokens (*) in * ms; the next call starts from it.'
                )
                Activity   = 'Loading sprak.gguf'
                Done       = 'Done'
                Allocating = 'Allocating the KV cache (*)'
            }
        }

        function Assert-ImportStreams {
            param($Import, [hashtable]$Texts)
            $Import.Errors | Should -BeNullOrEmpty
            $Import.Warnings | Should -Be @($Texts.Warning)

            $Import.Verbose | Should -HaveCount $Texts.Verbose.Count
            for ($i = 0; $i -lt $Texts.Verbose.Count; $i++) {
                $Import.Verbose[$i] | Should -BeLike $Texts.Verbose[$i]
            }
            $score = Get-LanguageScore ($Import.Verbose -join "`n")
            $other = if ($Texts.Language -eq 'Norwegian') { 'English' } else { 'Norwegian' }
            $score.($Texts.Language) | Should -BeGreaterThan (4 * $score.$other) -Because ($Import.Verbose -join "`n")

            $Import.Activities | Should -Be @($Texts.Activity)
            $Import.Statuses | Should -Contain $Texts.Done
            @($Import.Statuses | Where-Object { $_ -like $Texts.Allocating }) | Should -HaveCount 1
        }
    }

    It 'reports a missing model file in Bokmål, with the same error id, when the UI culture is <Culture>' -TestCases $norwegianCases {
        param($Locale, $Culture)
        $norwegian = Invoke-InLocale $Locale $MissingModelScript
        $norwegian.ErrorId | Should -Be $English.ErrorId
        $norwegian.ErrorId | Should -Be 'ModelFileNotFound,NorwegianLlama.Commands.InvokeNorskChatCommand'
        $norwegian.Category | Should -Be $English.Category
        $norwegian.Message | Should -Not -Be $English.Message
        $norwegian.Message | Should -BeLike '*modell.gguf*'
        $score = Get-LanguageScore $norwegian.Message
        $score.Norwegian | Should -BeGreaterThan $score.English -Because $norwegian.Message
    }

    It 'reports it in English when the UI culture is ''<Culture>''' -TestCases $otherCases {
        param($Locale, $Culture)
        $other = Invoke-InLocale $Locale $MissingModelScript
        $other.ErrorId | Should -Be $English.ErrorId
        $other.Message | Should -Be $English.Message
        $other.Message | Should -BeLike "The model file '*modell.gguf' does not exist*"
    }

    It 'warns, writes verbose lines and shows progress in Bokmål when the UI culture is <Culture>' -TestCases $norwegianCases {
        param($Locale, $Culture)
        Assert-ImportStreams (Invoke-InLocale $Locale $ImportScript) $ImportTexts.Norwegian
    }

    It 'warns, writes verbose lines and shows progress in English when the UI culture is ''<Culture>''' -TestCases $otherCases {
        param($Locale, $Culture)
        Assert-ImportStreams (Invoke-InLocale $Locale $ImportScript) $ImportTexts.English
    }
}
