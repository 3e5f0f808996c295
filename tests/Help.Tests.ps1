BeforeDiscovery {
    $docs = Join-Path $PSScriptRoot '../docs/en-US'
    $cmdletCases = @((Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot '../NorwegianLlama.psd1')).CmdletsToExport |
            ForEach-Object { @{ Name = $_ } })
    $aboutCases = @(Get-ChildItem -LiteralPath $docs -Filter 'about_*.md' | ForEach-Object { @{ Topic = $_.BaseName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:Docs = Join-Path $PSScriptRoot '../docs/en-US'
    $script:Converter = Join-Path $PSScriptRoot '../tools/Convert-MarkdownHelp.ps1'
    $script:Stage = Split-Path $ModuleManifest
    $script:Maml = Join-Path $Stage 'en-US/NorwegianLlama.dll-Help.xml'

    function Get-ShortDescription {
        # The first paragraph under '# SHORT DESCRIPTION', whitespace collapsed, markup left alone.
        param([string]$Path)
        $lines = @(Get-Content -LiteralPath $Path)
        $i = [array]::IndexOf($lines, '# SHORT DESCRIPTION') + 1
        while ($i -lt $lines.Count -and -not $lines[$i].Trim()) { $i++ }
        $paragraph = while ($i -lt $lines.Count -and $lines[$i].Trim()) { $lines[$i]; $i++ }
        ($paragraph -join ' ') -replace '\s+', ' '
    }

    function Get-PageType {
        # The '### TypeName' headings of a page's INPUTS or OUTPUTS section, outside code fences.
        param([string]$Path, [string]$Section)
        $inSection = $false
        $inFence = $false
        foreach ($line in Get-Content -LiteralPath $Path) {
            if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence; continue }
            if ($inFence) { continue }
            if ($line -match '^## ') { $inSection = $line.Trim() -eq "## $Section"; continue }
            if ($inSection -and $line -match '^### (.+)$') { $Matches[1].Trim() -replace '`', '' }
        }
    }
}

Describe 'Help pages' {
    It 'has docs/en-US/<Name>.md for <Name>' -TestCases $cmdletCases {
        param($Name)
        Join-Path $Docs "$Name.md" | Should -Exist
    }
}

Describe 'Cmdlet help in the staged module' {
    BeforeAll {
        # Get-Help caches help per process; a fresh pwsh sees exactly what was staged.
        $result = Invoke-ChildPwsh -Script @'
Import-Module $ModuleManifest
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
$report = foreach ($command in Get-Command -Module NorwegianLlama -CommandType Cmdlet) {
    $help = Get-Help -Name $command.Name -Full
    [pscustomobject]@{
        Name           = $command.Name
        Synopsis       = "$($help.Synopsis)".Trim()
        Description    = (@($help.description) | Where-Object { $_ } | ForEach-Object Text) -join "`n"
        Parameters     = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        ParameterSets  = $command.ParameterSets.Count
        SyntaxItems    = @($help.syntax.syntaxItem).Count
        HelpParameters = @($help.parameters.parameter | Where-Object { $_ } | ForEach-Object {
                [pscustomobject]@{ Name = $_.name; Description = (@($_.description) | Where-Object { $_ } | ForEach-Object Text) -join "`n" }
            })
        Inputs         = @($help.inputTypes.inputType | Where-Object { $_ } | ForEach-Object { "$($_.type.name)".Trim() })
        Outputs        = @($help.returnValues.returnValue | Where-Object { $_ } | ForEach-Object { "$($_.type.name)".Trim() })
        Examples       = @($help.examples.example | Where-Object { $_ } | ForEach-Object { [pscustomobject]@{ Title = "$($_.title)"; Code = "$($_.code)" } })
        Full           = $help | Out-String -Width 200
    }
}
ConvertTo-Json -InputObject @($report) -Depth 5
'@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $script:Report = @($result.StdOut | ConvertFrom-Json)
    }

    It 'covers every exported cmdlet with the cases below, which come from CmdletsToExport' {
        $listed = (Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot '../NorwegianLlama.psd1')).CmdletsToExport
        @($Report.Name | Sort-Object) | Should -Be @($listed | Sort-Object)
    }

    Context '<Name>' -ForEach $cmdletCases {
        BeforeAll {
            $help = $Report | Where-Object Name -EQ $Name
            $help | Should -Not -BeNullOrEmpty -Because "$Name is in CmdletsToExport, so Get-Command -Module NorwegianLlama should list it"
        }

        It 'has a synopsis of its own, not the generated syntax' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)" -Because 'Get-Help shows the syntax as synopsis when it finds no help file'
            $help.Full | Should -Match ([regex]::Escape($help.Synopsis))
        }

        It 'has a description' {
            $help.Description | Should -Not -BeNullOrEmpty
            $help.Full | Should -Match 'DESCRIPTION'
        }

        It 'describes every parameter the cmdlet has' {
            $documented = @($help.HelpParameters | Where-Object Description | ForEach-Object Name)
            $missing = @($help.Parameters | Where-Object { $_ -notin $documented })
            $missing | Should -BeNullOrEmpty -Because 'each parameter needs a description in the help'
            foreach ($parameter in $help.Parameters) {
                $help.Full | Should -Match "-$parameter\b"
            }
        }

        It 'describes no parameter the cmdlet lacks' {
            @($help.HelpParameters.Name | Where-Object { $_ -notin $help.Parameters }) | Should -BeNullOrEmpty
        }

        It 'shows one syntax per parameter set' {
            $help.SyntaxItems | Should -Be $help.ParameterSets
        }

        It 'names the inputs and outputs its page lists' {
            # Help generated without a help file lists types too, so compare with the page itself.
            $page = Join-Path $Docs "$Name.md"
            $page | Should -Exist
            @($help.Inputs) | Should -Be @(Get-PageType $page 'INPUTS')
            @($help.Outputs) | Should -Be @(Get-PageType $page 'OUTPUTS')
            $help.Full | Should -Match 'INPUTS'
            $help.Full | Should -Match 'OUTPUTS'
        }

        It 'has at least two examples, each with code' {
            @($help.Examples).Count | Should -BeGreaterOrEqual 2
            foreach ($example in $help.Examples) {
                $example.Title | Should -Not -BeNullOrEmpty
                $example.Code.Trim() | Should -Not -BeNullOrEmpty
                $help.Full | Should -Match ([regex]::Escape($example.Title.Trim()))
            }
        }
    }
}

Describe 'About topics in the staged module' {
    It 'stages <Topic>.help.txt' -TestCases $aboutCases {
        param($Topic)
        Join-Path $Stage "en-US/$Topic.help.txt" | Should -Exist
    }

    It 'finds <Topic> for a module on PSModulePath, without importing it' -TestCases $aboutCases {
        param($Topic)
        $modules = Split-Path (Split-Path $Stage)
        $result = Invoke-ChildPwsh -Script @"
`$env:PSModulePath = '$($modules -replace "'", "''")' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
Get-Help -Name $Topic | Out-String -Width 200
'Imported: {0}' -f [bool](Get-Module -Name NorwegianLlama)
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $text = $result.StdOut -replace '\s+', ' '
        $text | Should -Match "TOPIC $Topic SHORT DESCRIPTION"
        $short = (Get-ShortDescription (Join-Path $Docs "$Topic.md")) -replace '`', ''
        $text | Should -Match ([regex]::Escape($short))
        $text | Should -Match 'Imported: False'
    }

    It 'finds about_NorwegianLlama after Import-Module by path' {
        $result = Invoke-ChildPwsh -Script @'
Import-Module $ModuleManifest
Get-Help -Name about_NorwegianLlama | Out-String -Width 200
'@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut | Should -Match 'SHORT DESCRIPTION'
        $result.StdOut | Should -Match 'LONG DESCRIPTION'
    }
}

Describe 'Help that fits a 100-column console, in <Culture>' -ForEach @(
    @{ Culture = 'en-US'; Locale = 'en_US.UTF-8' }
    @{ Culture = 'nb-NO'; Locale = 'nb_NO.UTF-8' }
) {
    BeforeAll {
        $script:ConsoleWidth = 100
        # Get-Help caches help per process; a fresh pwsh shows exactly what was staged, as a console of that width does.
        $result = Invoke-ChildPwsh -Environment @{ LC_ALL = $Locale; LANG = $Locale } -Script @"
Import-Module `$ModuleManifest
`$shown = [ordered]@{}
foreach (`$command in Get-Command -Module NorwegianLlama -CommandType Cmdlet) {
    `$shown[`$command.Name] = Get-Help -Name `$command.Name -Full | Out-String -Width $ConsoleWidth
}
ConvertTo-Json -InputObject `$shown
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $script:Shown = $result.StdOut | ConvertFrom-Json -AsHashtable

        $xml = [System.Xml.XmlDocument]::new()
        $xml.Load((Join-Path $Stage "$Culture/NorwegianLlama.dll-Help.xml"))
        $script:Commands = @($xml.DocumentElement.ChildNodes | Where-Object LocalName -EQ 'command')
        function Get-CommandName($Command) { $Command.SelectSingleNode('*[local-name() = "details"]/*[local-name() = "name"]').InnerText }
    }

    It 'shows every line of about_*.help.txt within 100 characters' {
        # Get-Help about_* prints the file as it is, so its lines are what the console gets.
        $files = @(Get-ChildItem -LiteralPath (Join-Path $Stage $Culture) -Filter '*.txt')
        $files | Should -Not -BeNullOrEmpty
        $long = foreach ($file in $files) {
            $number = 0
            foreach ($line in [System.IO.File]::ReadAllLines($file.FullName)) {
                $number++
                if ($line.Length -gt $ConsoleWidth) { "$($file.Name):${number}: $($line.Length): $line" }
            }
        }
        @($long) | Should -BeNullOrEmpty
    }

    It 'shows Get-Help -Full of every cmdlet within 100 characters, with no laid-out line broken at the edge' {
        $Shown.Keys | Sort-Object | Should -Be @($Commands | ForEach-Object { Get-CommandName $_ } | Sort-Object)
        $broken = foreach ($command in $Commands) {
            $name = Get-CommandName $command
            $lines = @($Shown[$name] -split '\r?\n')
            @($lines | Where-Object { $_.Length -gt $ConsoleWidth }) | Should -BeNullOrEmpty -Because "Out-String -Width $ConsoleWidth of $name"
            # The formatter wraps running text itself; example titles and code, and the tables and code blocks kept
            # as lines in the text, it can only break at the edge, which leaves them unreadable or not runnable.
            $shownLines = [System.Collections.Generic.HashSet[string]]::new([string[]]@($lines | ForEach-Object Trim))
            $laidOut = @(
                $command.SelectNodes('.//*[local-name() = "example"]/*[local-name() = "title" or local-name() = "code"]')
                $command.SelectNodes('.//*[local-name() = "para"]') | Where-Object { $_.InnerText.Contains("`n") }
            )
            foreach ($node in $laidOut) {
                foreach ($line in $node.InnerText -split '\r?\n' | Where-Object { $_.Trim() }) {
                    if (-not $shownLines.Contains($line.Trim())) { "${name}: $line" }
                }
            }
        }
        @($broken) | Should -BeNullOrEmpty -Because 'these lines come out broken at a 100-column console'
    }
}

Describe 'The MAML file' {
    BeforeAll {
        $xml = [System.Xml.XmlDocument]::new()
        $xml.Load($Maml)
        $namespaces = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $namespaces.AddNamespace('msh', 'http://msh')
        $namespaces.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $namespaces.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $commands = @($xml.SelectNodes('/msh:helpItems/command:command', $namespaces))
    }

    It 'is MAML with the namespaces PowerShell''s own help uses' {
        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        foreach ($command in $commands) {
            $command.GetAttribute('xmlns:maml') | Should -Be 'http://schemas.microsoft.com/maml/2004/10'
            $command.GetAttribute('xmlns:command') | Should -Be 'http://schemas.microsoft.com/maml/dev/command/2004/10'
            $command.GetAttribute('xmlns:dev') | Should -Be 'http://schemas.microsoft.com/maml/dev/2004/10'
        }
    }

    It 'has one command per cmdlet page' {
        $pages = Get-ChildItem -LiteralPath $Docs -Filter *.md | Where-Object Name -NotLike 'about_*' | ForEach-Object BaseName
        @($commands | ForEach-Object { $_.SelectSingleNode('command:details/command:name', $namespaces).InnerText } | Sort-Object) |
            Should -Be @($pages | Sort-Object)
    }

    It 'keeps the begin- and end-of-sequence markers from the pages as text' {
        $raw = Get-Content -LiteralPath $Maml -Raw
        $text = $xml.DocumentElement.InnerText
        $pages = @(Get-ChildItem -LiteralPath $Docs -Filter *.md | Where-Object Name -NotLike 'about_*' |
                Where-Object { (Get-Content -LiteralPath $_.FullName -Raw).Contains('</s>') })
        $pages | Should -Not -BeNullOrEmpty -Because 'the prompt pages show end-of-sequence tokens as </s>'
        $raw | Should -Match '&lt;/s&gt;'
        $text | Should -Match '<s>'
        $text | Should -Match '</s>'
        $xml.SelectNodes('//*[local-name() = "s"]').Count | Should -Be 0
    }
}

Describe 'Convert-MarkdownHelp' {
    BeforeAll {
        $template = @'
---
external help file: Sample.dll-Help.xml
Module Name: Sample
online version:
schema: 2.0.0
---

# Get-Sample

## SYNOPSIS
Gets a sample with <s> & </s> in it.

## SYNTAX

### ByName (Default)
```
Get-Sample [-Name] <String> [-Force] [<CommonParameters>]
```

### ById
```
Get-Sample -Id <Int32> [-Force] [<CommonParameters>]
```

## DESCRIPTION
The `Get-Sample` cmdlet writes "quotes", 'apostrophes', a & b, x < y,
and a `]]>` that must not end anything. See [Get-Other](./Get-Other.md).

| Column | Meaning |
| --- | --- |
| `A` | first |

## EXAMPLES

### Example 1: Simple
```powershell
PS> Get-Sample -Name '<s>' | Where-Object { $_.Size -gt 1 -and $_.Kind -ne "&" }
```

Remarks about </s>.

### Example 2: By id
```powershell
PS> Get-Sample -Id 2
```

## PARAMETERS

### -Force
Forces it.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
```

### -Id
The id.

```yaml
Type: Int32
Parameter Sets: ById
Aliases:

Required: True
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### -Name
The name, such as `<s>`.

```yaml
Type: String
Parameter Sets: ByName
Aliases: N

Required: True
Position: 0
Default value: '<none>' & "none"
Accept pipeline input: True (ByValue)
Accept wildcard characters: True
```

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.String

## OUTPUTS

### System.Object
Samples.

## NOTES
Note with <b>.

## RELATED LINKS

[Get-Other](./Get-Other.md)

[Online](https://example.com/a?b=1&c=2)
'@

        function Invoke-Converter {
            # Writes the page as docs/<Name>.md and converts it; returns the output folder.
            param([string]$Text, [string]$Name = 'Get-Sample')
            $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $docs = New-Item -ItemType Directory -Path (Join-Path $root 'docs')
            Set-Content -LiteralPath (Join-Path $docs "$Name.md") -Value $Text -Encoding utf8
            $out = Join-Path $root 'out'
            & $Converter -Path $docs -OutputPath $out | Out-Null
            $out
        }

        function Get-Maml {
            param([string]$Folder)
            [xml](Get-Content -LiteralPath (Join-Path $Folder 'Sample.dll-Help.xml') -Raw)
        }
    }

    It 'escapes markup characters and keeps them as text' {
        $xml = Get-Maml (Invoke-Converter $template)
        $command = $xml.helpItems.command
        $command.details.description.para | Should -Be 'Gets a sample with <s> & </s> in it.'
        $command.description.para[0] | Should -Be 'The Get-Sample cmdlet writes "quotes", ''apostrophes'', a & b, x < y, and a ]]> that must not end anything. See Get-Other.'
        $command.examples.example[0].code | Should -Be 'PS> Get-Sample -Name ''<s>'' | Where-Object { $_.Size -gt 1 -and $_.Kind -ne "&" }'
        $command.examples.example[0].remarks.para[0] | Should -Be 'Remarks about </s>.'
        ($command.parameters.parameter | Where-Object name -EQ 'Name').defaultValue | Should -Be '''<none>'' & "none"'
        $command.alertSet.alert.para | Should -Be 'Note with <b>.'
        $command.relatedLinks.navigationLink[1].uri | Should -Be 'https://example.com/a?b=1&c=2'
    }

    It 'builds one syntax item per parameter set, in the syntax block''s order' {
        $command = (Get-Maml (Invoke-Converter $template)).helpItems.command
        $items = @($command.syntax.syntaxItem)
        $items.Count | Should -Be 2
        @($items[0].parameter.name) | Should -Be @('Name', 'Force')
        @($items[1].parameter.name) | Should -Be @('Id', 'Force')
        $name = $items[0].parameter[0]
        $name.required | Should -Be 'true'
        $name.position | Should -Be '0'
        $name.globbing | Should -Be 'true'
        $name.pipelineInput | Should -Be 'True (ByValue)'
        $name.aliases | Should -Be 'N'
        # A switch has no value in syntax, so Get-Help shows [-Force] rather than [-Force <SwitchParameter>].
        $items[0].parameter[1].SelectSingleNode('*[local-name() = "parameterValue"]') | Should -BeNullOrEmpty
    }

    It 'renders tables as aligned text' {
        $command = (Get-Maml (Invoke-Converter $template)).helpItems.command
        $command.description.para[1] | Should -Be "Column  Meaning`n------  -------`nA       first"
    }

    It 'wraps a table wider than a console within 100 characters, keeping every word' {
        $root = Join-Path $TestDrive 'wide'
        $docs = New-Item -ItemType Directory -Path (Join-Path $root 'docs')
        $meaning = (1..40 | ForEach-Object { "ord$_" }) -join ' '
        Set-Content -LiteralPath (Join-Path $docs 'about_Wide.md') -Encoding utf8 -Value @"
# Wide
## about_Wide

# SHORT DESCRIPTION
A wide table.

# LONG DESCRIPTION
| ErrorId | Meaning |
| --- | --- |
| SomethingFailed | $meaning |
"@
        & $Converter -Path $docs -OutputPath (Join-Path $root 'out') | Out-Null
        $lines = Get-Content -LiteralPath (Join-Path $root 'out/about_Wide.help.txt')
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 100 -Because $_ }
        $table = $lines | Select-Object -Skip ([array]::IndexOf($lines, 'LONG DESCRIPTION') + 1)
        $table[0] | Should -Match '^    ErrorId\s+Meaning$'
        $table[2] | Should -Match '^    SomethingFailed\s+ord1 ord2 '
        # Continuation lines start under the Meaning column.
        $table[3] | Should -Match '^\s{21}ord\d+'
        (($table | Select-Object -Skip 2) -join ' ') -split '\s+' | Where-Object { $_ -like 'ord*' } |
            Should -Be (1..40 | ForEach-Object { "ord$_" })
    }

    It 'writes about topics as plain text' {
        $root = Join-Path $TestDrive 'about'
        $docs = New-Item -ItemType Directory -Path (Join-Path $root 'docs')
        Set-Content -LiteralPath (Join-Path $docs 'about_Sample.md') -Encoding utf8 -Value @'
# Sample
## about_Sample

# SHORT DESCRIPTION
Short `text`.

# LONG DESCRIPTION
Long text with a [link](https://example.com).

## Details
- one
- two

```powershell
Get-Sample
```
'@
        & $Converter -Path $docs -OutputPath (Join-Path $root 'out') | Out-Null
        Get-Content -LiteralPath (Join-Path $root 'out/about_Sample.help.txt') | Should -Be @(
            'TOPIC', '    about_Sample', '', 'SHORT DESCRIPTION', '    Short text.', '', 'LONG DESCRIPTION',
            '    Long text with a link (https://example.com).', '', '  Details', '    - one', '    - two', '',
            '        Get-Sample')
    }

    It 'fails on <Case> with the file and line, and writes nothing' -TestCases @(
        @{ Case = 'an unclosed code fence'; Find = "Accept wildcard characters: True`n``````"; Replace = 'Accept wildcard characters: True'; Line = 82; Message = 'Code fence is never closed' }
        @{ Case = 'a yaml block without Required'; Find = "Aliases: N`n`nRequired: True`n"; Replace = "Aliases: N`n`n"; Line = 82; Message = "yaml has no 'Required'" }
        @{ Case = 'an unknown parameter set'; Find = 'Parameter Sets: ById'; Replace = 'Parameter Sets: ByIdentity'; Line = 69; Message = "parameter set 'ByIdentity' is not under SYNTAX" }
        @{ Case = 'a missing section'; Find = "## OUTPUTS`n`n### System.Object`nSamples.`n"; Replace = ''; Line = 8; Message = "Section '## OUTPUTS' is missing" }
        @{ Case = 'a parameter without a description'; Find = "### -Force`nForces it.`n"; Replace = "### -Force`n"; Line = 49; Message = 'Parameter -Force has no description' }
        @{ Case = 'syntax that disagrees with the yaml'; Find = 'Get-Sample -Id <Int32> [-Force]'; Replace = 'Get-Sample -Id <Int32>'; Line = 21; Message = "Parameter -Force belongs to set 'ById'" }
        @{ Case = 'an example without code'; Find = "### Example 2: By id`n``````powershell`nPS> Get-Sample -Id 2`n``````"; Replace = "### Example 2: By id`nJust words."; Line = 42; Message = 'must start with a fenced code block' }
    ) {
        param($Case, $Find, $Replace, $Line, $Message)
        $text = $template -replace '\r\n', "`n"
        $text.Contains($Find) | Should -BeTrue -Because 'the test must change the page'
        $bad = $text.Replace($Find, $Replace)
        $out = Join-Path $TestDrive "bad-$($Case -replace '\W', '')"
        $docs = New-Item -ItemType Directory -Path "$out-docs"
        Set-Content -LiteralPath (Join-Path $docs 'Get-Sample.md') -Value $bad -Encoding utf8
        Set-Content -LiteralPath (Join-Path $docs 'about_Good.md') -Value "# about_Good`n`n# SHORT DESCRIPTION`nFine." -Encoding utf8

        { & $Converter -Path $docs -OutputPath $out } | Should -Throw "Get-Sample.md:${Line}: *$Message*"
        $out | Should -Not -Exist
    }
}
