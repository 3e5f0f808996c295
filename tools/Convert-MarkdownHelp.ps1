#Requires -Version 7.6
<#
.SYNOPSIS
Converts PlatyPS-style markdown help into MAML and about_*.help.txt files.

.DESCRIPTION
Reads every *.md page in -Path. Cmdlet pages (schema 2.0.0) become command:command entries in the MAML
file named by their 'external help file' front matter; about_*.md topics become about_*.help.txt. Both
are written to -OutputPath, which is normally <module>/en-US. A malformed page stops the conversion with
its file name and line, and nothing is written: half-converted help is worse than none.

The file objects of the written files are returned.

.EXAMPLE
./tools/Convert-MarkdownHelp.ps1 -Path ./docs/en-US -OutputPath ./output/NorwegianLlama/0.1.0/en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$Path,

    [Parameter(Mandatory)]
    [string]$OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$script:MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:AboutWidth = 80

$script:ParameterKeys = @(
    'Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input',
    'Accept wildcard characters'
)
$script:CmdletSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:RequiredCmdletSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS')

#region Reading markdown

function Stop-Page {
    param($Record, [string]$Message)
    throw "$($Record.File):$($Record.Number): $Message"
}

function Read-MarkdownLine {
    <#
    Numbers the lines and marks those inside fenced code, so that a '## ' or '| ' in a code sample is
    never mistaken for structure. An unclosed fence would swallow the rest of the page silently.
    #>
    param([string]$File)
    $name = Split-Path -Leaf $File
    $lines = [System.IO.File]::ReadAllLines($File)
    $records = [System.Collections.Generic.List[object]]::new()
    $fence = $null
    $opening = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $text = $lines[$i].TrimEnd()
        $record = [pscustomobject]@{ File = $name; Number = $i + 1; Text = $text; Fence = 'None'; Language = ''; Indent = 0 }
        if ($null -eq $fence) {
            # Any indentation: fences inside list items are indented to the item's text.
            if ($text -match '^(?<indent>\s*)(?<fence>`{3,}|~{3,})\s*(?<language>[^`\s]*)') {
                $fence = $Matches.fence
                $record.Fence = 'Open'
                $record.Language = $Matches.language.ToLowerInvariant()
                $record.Indent = $Matches.indent.Length
                $opening = $record
            }
        }
        elseif ($text -match ('^\s*{0}{{{1},}}\s*$' -f [regex]::Escape($fence[0]), $fence.Length)) {
            $fence = $null
            $record.Fence = 'Close'
        }
        else {
            $record.Fence = 'Inside'
        }
        $records.Add($record)
    }
    if ($null -ne $fence) {
        Stop-Page $opening 'Code fence is never closed.'
    }
    , $records
}

function Split-Heading {
    <# Splits records at headings of one level; what comes before the first heading is the preamble. #>
    param($Records, [int]$Level)
    $marker = '#' * $Level
    $preamble = [System.Collections.Generic.List[object]]::new()
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    foreach ($record in $Records) {
        if ($record.Fence -eq 'None' -and $record.Text -match "^$marker\s+(?<title>.+?)(?:\s+#+)?\s*$") {
            $current = [pscustomobject]@{
                Title  = $Matches.title
                Record = $record
                Body   = [System.Collections.Generic.List[object]]::new()
            }
            $sections.Add($current)
        }
        elseif ($current) {
            $current.Body.Add($record)
        }
        else {
            $preamble.Add($record)
        }
    }
    [pscustomobject]@{ Preamble = $preamble; Sections = $sections }
}

function Test-Blank {
    param($Records)
    -not ($Records | Where-Object { $_.Text.Trim() -ne '' } | Select-Object -First 1)
}

function Split-TableRow {
    # A '|' inside a code span or escaped with a backslash belongs to the cell, not to the table.
    param([string]$Text)
    $row = $Text.Trim()
    if ($row.StartsWith('|')) { $row = $row.Substring(1) }
    if ($row.EndsWith('|') -and -not $row.EndsWith('\|')) { $row = $row.Substring(0, $row.Length - 1) }
    $cells = [System.Collections.Generic.List[string]]::new()
    $cell = [System.Text.StringBuilder]::new()
    $ticks = 0
    for ($i = 0; $i -lt $row.Length; $i++) {
        $c = $row[$i]
        if ($c -eq '`') {
            $run = 1
            while ($i + $run -lt $row.Length -and $row[$i + $run] -eq '`') { $run++ }
            if ($ticks -eq 0) { $ticks = $run } elseif ($ticks -eq $run) { $ticks = 0 }
            [void]$cell.Append('`', $run)
            $i += $run - 1
        }
        elseif ($c -eq '\' -and $i + 1 -lt $row.Length -and $row[$i + 1] -eq '|') {
            [void]$cell.Append('|')
            $i++
        }
        elseif ($c -eq '|' -and $ticks -eq 0) {
            $cells.Add($cell.ToString().Trim())
            [void]$cell.Clear()
        }
        else {
            [void]$cell.Append($c)
        }
    }
    $cells.Add($cell.ToString().Trim())
    , $cells
}

function New-Block {
    param([string]$Kind, $Record, [string]$Text = '', [string]$Raw = '', $Lines = $null, $Rows = $null, [string]$Language = '',
        [int]$Level = 0, [string]$Marker = '', [int]$Nested = 0)
    [pscustomobject]@{
        Kind = $Kind; Record = $Record; Text = $Text; Raw = $Raw; Lines = $Lines; Rows = $Rows
        Language = $Language; Level = $Level; Marker = $Marker; Nested = $Nested
    }
}

function Get-MarkdownBlock {
    <#
    Turns records into blocks: Paragraph, Code, List (one block per item), Table and Heading. Soft line
    breaks inside a paragraph or list item are joined, since help renderers wrap text themselves. A
    paragraph or code block indented to a list item's text belongs to that item: Nested is the column
    of that text, so renderers can keep it under the item.
    #>
    param($Records)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $listItem = '^(?<indent>\s*)(?<marker>[-*+]|\d{1,9}[.)])(?<space>\s+)(?<text>.*)$'
    $itemColumn = 0
    $i = 0
    $count = @($Records).Count
    while ($i -lt $count) {
        $record = $Records[$i]
        $text = $record.Text
        $nested = 0
        if ($itemColumn -gt 0 -and $text.Trim() -ne '' -and $text -notmatch $listItem) {
            $indent = if ($record.Fence -eq 'Open') { $record.Indent } else { $text.Length - $text.TrimStart().Length }
            if ($indent -ge $itemColumn) { $nested = $itemColumn } else { $itemColumn = 0 }
        }
        if ($record.Fence -eq 'Open') {
            $code = [System.Collections.Generic.List[string]]::new()
            $i++
            while ($Records[$i].Fence -ne 'Close') {
                # Drop the fence's own indentation, but never more than the line has.
                $line = $Records[$i].Text
                $strip = [math]::Min($record.Indent, $line.Length - $line.TrimStart().Length)
                $code.Add($line.Substring($strip))
                $i++
            }
            $blocks.Add((New-Block Code $record -Lines $code -Language $record.Language -Nested $nested))
            $i++
        }
        elseif ($text.Trim() -eq '') {
            $i++
        }
        elseif ($text -match '^(?<level>#{1,6})\s+(?<title>.+?)(?:\s+#+)?\s*$') {
            $itemColumn = 0
            $blocks.Add((New-Block Heading $record -Text (ConvertFrom-MarkdownInline $Matches.title) -Raw $Matches.title -Level $Matches.level.Length))
            $i++
        }
        elseif ($text.TrimStart().StartsWith('|')) {
            $itemColumn = 0
            $rows = [System.Collections.Generic.List[object]]::new()
            while ($i -lt $count -and $Records[$i].Fence -eq 'None' -and $Records[$i].Text.TrimStart().StartsWith('|')) {
                $cells = Split-TableRow $Records[$i].Text
                if (-not ($cells | Where-Object { $_ -notmatch '^:?-+:?$' })) {
                    if ($rows.Count -ne 1) { Stop-Page $Records[$i] 'Table separator row must follow exactly one header row.' }
                }
                else {
                    $rows.Add(@($cells | ForEach-Object { ConvertFrom-MarkdownInline $_ }))
                }
                $i++
            }
            $blocks.Add((New-Block Table $record -Rows $rows))
        }
        else {
            $kind = 'Paragraph'
            $marker = ''
            $level = 0
            $parts = [System.Collections.Generic.List[string]]::new()
            if ($text -match $listItem) {
                $kind = 'List'
                $marker = $Matches.marker
                $level = [int][math]::Floor($Matches.indent.Length / 2)
                $itemColumn = $Matches.indent.Length + $marker.Length + $Matches.space.Length
                $parts.Add($Matches.text)
            }
            else {
                $parts.Add($text.Trim())
            }
            $i++
            while ($i -lt $count) {
                $next = $Records[$i]
                if ($next.Fence -ne 'None' -or $next.Text.Trim() -eq '' -or $next.Text -match $listItem -or
                    $next.Text -match '^#{1,6}\s' -or $next.Text.TrimStart().StartsWith('|')) {
                    break
                }
                $parts.Add($next.Text.Trim())
                $i++
            }
            $raw = $parts -join ' '
            $blocks.Add((New-Block $kind $record -Text (ConvertFrom-MarkdownInline $raw) -Raw $raw -Level $level -Marker $marker -Nested $nested))
        }
    }
    $blocks
}

function ConvertFrom-MarkdownInline {
    <#
    Help is read as plain text, so markup goes: code spans keep their text without backticks, links keep
    their text (and show the address when it points outside these pages), and escapes lose the backslash.
    Raw '<' and '&' stay as they are; the XML writer escapes them.
    #>
    param([string]$Text)
    $pattern = '(?<code>(?<ticks>`+)(?<codetext>.+?)\k<ticks>)' +
        '|(?<link>!?\[(?<linktext>(?:[^\[\]`]|`[^`]*`)*)\]\((?<url>[^()\s]*)(?:\s+"[^"]*")?\))' +
        '|(?<auto><(?<autourl>https?://[^>\s]+)>)' +
        '|(?<strong>\*\*(?<strongtext>.+?)\*\*)' +
        '|(?<escape>\\(?<escaped>[\\`*_{}\[\]()#+\-.!|<>]))'
    [regex]::Replace($Text, $pattern, {
            param($match)
            if ($match.Groups['code'].Success) {
                $code = $match.Groups['codetext'].Value
                if ($code.Length -gt 2 -and $code.StartsWith(' ') -and $code.EndsWith(' ')) { $code = $code.Substring(1, $code.Length - 2) }
                return $code
            }
            if ($match.Groups['link'].Success) {
                $linkText = ConvertFrom-MarkdownInline $match.Groups['linktext'].Value
                $url = $match.Groups['url'].Value
                if ($url -match '^[a-z][a-z0-9+.-]*://' -and $url -ne $linkText) { return "$linkText ($url)" }
                return $linkText
            }
            if ($match.Groups['auto'].Success) { return $match.Groups['autourl'].Value }
            if ($match.Groups['strong'].Success) { return ConvertFrom-MarkdownInline $match.Groups['strongtext'].Value }
            return $match.Groups['escaped'].Value
        })
}

function Format-MarkdownTable {
    param($Rows)
    $columns = ($Rows | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
    $widths = foreach ($column in 0..($columns - 1)) {
        ($Rows | ForEach-Object { if ($column -lt $_.Count) { $_[$column].Length } else { 0 } } | Measure-Object -Maximum).Maximum
    }
    $lines = [System.Collections.Generic.List[string]]::new()
    for ($r = 0; $r -lt $Rows.Count; $r++) {
        $cells = for ($column = 0; $column -lt $columns; $column++) {
            $value = if ($column -lt $Rows[$r].Count) { $Rows[$r][$column] } else { '' }
            $value.PadRight($widths[$column])
        }
        $lines.Add(($cells -join '  ').TrimEnd())
        if ($r -eq 0) {
            # Underlined like Format-Table does: as long as each header, so one long cell cannot stretch it.
            $underline = for ($column = 0; $column -lt $columns; $column++) {
                $header = if ($column -lt $Rows[0].Count) { $Rows[0][$column] } else { '' }
                ('-' * $header.Length).PadRight($widths[$column])
            }
            $lines.Add(($underline -join '  ').TrimEnd())
        }
    }
    $lines
}

function ConvertTo-Paragraph {
    <# One maml:para per block: code and tables keep their line breaks, list items keep their marker. #>
    param($Blocks)
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'Code' { ($block.Lines | ForEach-Object { (' ' * $block.Nested) + $_ }) -join "`n" }
            'Table' { (Format-MarkdownTable $block.Rows) -join "`n" }
            'List' { ('  ' * $block.Level) + $block.Marker + ' ' + $block.Text }
            default { (' ' * $block.Nested) + $block.Text }
        }
    }
}

#endregion

#region Cmdlet pages

function Read-FrontMatter {
    param($Records, [string]$File)
    $values = [ordered]@{}
    if (@($Records).Count -eq 0 -or $Records[0].Text -ne '---') {
        Stop-Page ([pscustomobject]@{ File = (Split-Path -Leaf $File); Number = 1 }) "Cmdlet page must start with '---' front matter."
    }
    for ($i = 1; $i -lt $Records.Count; $i++) {
        $text = $Records[$i].Text
        if ($text -eq '---') {
            return [pscustomobject]@{ Values = $values; End = $i + 1 }
        }
        if ($text -notmatch '^(?<key>[^:]+):\s*(?<value>.*)$') {
            Stop-Page $Records[$i] "Front matter line is not 'key: value'."
        }
        $values[$Matches.key.Trim()] = $Matches.value.Trim()
    }
    Stop-Page $Records[0] "Front matter is never closed with '---'."
}

function Read-Parameter {
    param($Section, [string[]]$SetNames)
    $name = $Section.Title.Substring(1)
    if ($name -notmatch '^\w+$') { Stop-Page $Section.Record "'$($Section.Title)' is not a parameter name." }
    $blocks = Get-MarkdownBlock $Section.Body
    $description = [System.Collections.Generic.List[object]]::new()
    $yamlBlocks = [System.Collections.Generic.List[object]]::new()
    foreach ($block in $blocks) {
        if ($block.Kind -eq 'Code' -and $block.Language -eq 'yaml') {
            $yamlBlocks.Add($block)
        }
        elseif ($yamlBlocks.Count) {
            Stop-Page $block.Record "Parameter -${name}: only further yaml blocks may follow its yaml block."
        }
        else {
            $description.Add($block)
        }
    }
    if ($description.Count -eq 0) { Stop-Page $Section.Record "Parameter -$name has no description." }
    if ($yamlBlocks.Count -eq 0) { Stop-Page $Section.Record "Parameter -$name has no yaml block." }

    $variants = foreach ($yaml in $yamlBlocks) {
        $values = @{}
        $at = @{}
        for ($l = 0; $l -lt $yaml.Lines.Count; $l++) {
            $line = $yaml.Lines[$l]
            $lineRecord = [pscustomobject]@{ File = $yaml.Record.File; Number = $yaml.Record.Number + 1 + $l }
            if ($line.Trim() -eq '') { continue }
            if ($line -notmatch '^(?<key>[A-Za-z][A-Za-z ]*):\s*(?<value>.*)$') {
                Stop-Page $lineRecord "Parameter -${name}: yaml line is not 'Key: value'."
            }
            $key = $Matches.key
            if ($key -notin $script:ParameterKeys -and $key -ne 'Accepted values') {
                Stop-Page $lineRecord "Parameter -${name}: unknown yaml key '$key'."
            }
            if ($values.ContainsKey($key)) { Stop-Page $lineRecord "Parameter -${name}: '$key' appears twice." }
            $values[$key] = $Matches.value.Trim()
            $at[$key] = $lineRecord
        }
        foreach ($key in $script:ParameterKeys) {
            if (-not $values.ContainsKey($key)) { Stop-Page $yaml.Record "Parameter -${name}: yaml has no '$key'." }
        }
        if ($values['Type'] -eq '') { Stop-Page $at['Type'] "Parameter -${name}: Type is empty." }
        foreach ($key in 'Required', 'Accept wildcard characters') {
            if ($values[$key] -notin 'True', 'False') { Stop-Page $at[$key] "Parameter -${name}: '$key' must be True or False, not '$($values[$key])'." }
        }
        if ($values['Position'] -notmatch '^(Named|\d+)$') { Stop-Page $at['Position'] "Parameter -${name}: Position must be Named or a number, not '$($values['Position'])'." }
        if ($values['Accept pipeline input'] -notmatch '^(False|True(\s*\(.+\))?)$') {
            Stop-Page $at['Accept pipeline input'] "Parameter -${name}: 'Accept pipeline input' must be False or True (...), not '$($values['Accept pipeline input'])'."
        }
        $sets = @($values['Parameter Sets'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
        if ($sets.Count -eq 0) { Stop-Page $at['Parameter Sets'] "Parameter -${name}: 'Parameter Sets' is empty." }
        if ($sets -contains '(All)') {
            if ($sets.Count -gt 1) { Stop-Page $at['Parameter Sets'] "Parameter -${name}: '(All)' cannot be combined with other sets." }
            $sets = $SetNames
        }
        foreach ($set in $sets) {
            if ($set -notin $SetNames) { Stop-Page $at['Parameter Sets'] "Parameter -${name}: parameter set '$set' is not under SYNTAX." }
        }
        [pscustomobject]@{
            Record       = $yaml.Record
            Sets         = @($sets)
            Type         = $values['Type']
            Aliases      = @($values['Aliases'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
            Required     = $values['Required'] -eq 'True'
            Position     = if ($values['Position'] -eq 'Named') { 'named' } else { $values['Position'] }
            DefaultValue = $values['Default value']
            Pipeline     = $values['Accept pipeline input']
            Globbing     = $values['Accept wildcard characters'] -eq 'True'
        }
    }
    $seen = @{}
    foreach ($variant in $variants) {
        foreach ($set in $variant.Sets) {
            if ($seen.ContainsKey($set)) { Stop-Page $variant.Record "Parameter -${name}: parameter set '$set' is described twice." }
            $seen[$set] = $true
        }
    }
    [pscustomobject]@{
        Name        = $name
        Record      = $Section.Record
        Description = @(ConvertTo-Paragraph $description)
        Variants    = @($variants)
    }
}

function Read-CmdletPage {
    param([string]$File)
    $records = Read-MarkdownLine $File
    $front = Read-FrontMatter $records $File
    if (-not $front.Values['external help file']) {
        Stop-Page $records[0] "Front matter has no 'external help file'."
    }
    $body = @($records | Select-Object -Skip $front.End)
    $top = Split-Heading $body 1
    if ($top.Sections.Count -ne 1) {
        $where = if ($top.Sections.Count) { $top.Sections[1].Record } else { $records[0] }
        Stop-Page $where "Cmdlet page must have exactly one '# Name' heading."
    }
    if (-not (Test-Blank $top.Preamble)) { Stop-Page ($top.Preamble | Where-Object Text | Select-Object -First 1) "Text before the '# Name' heading." }
    $command = $top.Sections[0]
    $name = $command.Title
    $expected = [System.IO.Path]::GetFileNameWithoutExtension($File)
    if ($name -ne $expected) { Stop-Page $command.Record "The page is named '$expected' but its heading says '$name'." }
    if ($name -notmatch '^(?<verb>\w+)-(?<noun>\w+)$') { Stop-Page $command.Record "'$name' is not a Verb-Noun cmdlet name." }
    $verb = $Matches.verb
    $noun = $Matches.noun

    $split = Split-Heading $command.Body 2
    if (-not (Test-Blank $split.Preamble)) { Stop-Page ($split.Preamble | Where-Object Text | Select-Object -First 1) "Text between '# $name' and the first section." }
    $sections = @{}
    foreach ($section in $split.Sections) {
        if ($section.Title -notin $script:CmdletSections) { Stop-Page $section.Record "Unknown section '## $($section.Title)'." }
        if ($sections.ContainsKey($section.Title)) { Stop-Page $section.Record "Section '## $($section.Title)' appears twice." }
        $sections[$section.Title] = $section
    }
    foreach ($required in $script:RequiredCmdletSections) {
        if (-not $sections.ContainsKey($required)) { Stop-Page $command.Record "Section '## $required' is missing." }
    }

    $synopsis = @(ConvertTo-Paragraph (Get-MarkdownBlock $sections['SYNOPSIS'].Body))
    if ($synopsis.Count -eq 0) { Stop-Page $sections['SYNOPSIS'].Record 'SYNOPSIS is empty.' }
    $description = @(ConvertTo-Paragraph (Get-MarkdownBlock $sections['DESCRIPTION'].Body))
    if ($description.Count -eq 0) { Stop-Page $sections['DESCRIPTION'].Record 'DESCRIPTION is empty.' }

    # SYNTAX: one fenced block per '### Set', or a single unheaded block for a cmdlet with one set.
    $syntax = Split-Heading $sections['SYNTAX'].Body 3
    $syntaxSets = [System.Collections.Generic.List[object]]::new()
    $syntaxParts = if ($syntax.Sections.Count) {
        if (-not (Test-Blank $syntax.Preamble)) { Stop-Page ($syntax.Preamble | Where-Object Text | Select-Object -First 1) "Text before the first '### SetName' in SYNTAX." }
        foreach ($section in $syntax.Sections) {
            if ($section.Title -notmatch '^(?<set>\S+)(\s+\(Default\))?$') { Stop-Page $section.Record "'### $($section.Title)' is not a parameter set name." }
            [pscustomobject]@{ Name = $Matches.set; Record = $section.Record; Body = $section.Body }
        }
    }
    else {
        [pscustomobject]@{ Name = '__AllParameterSets'; Record = $sections['SYNTAX'].Record; Body = $syntax.Preamble }
    }
    foreach ($part in $syntaxParts) {
        $blocks = @(Get-MarkdownBlock $part.Body)
        if ($blocks.Count -ne 1 -or $blocks[0].Kind -ne 'Code') { Stop-Page $part.Record "Parameter set '$($part.Name)' needs exactly one fenced code block." }
        if ($syntaxSets | Where-Object Name -EQ $part.Name) { Stop-Page $part.Record "Parameter set '$($part.Name)' appears twice." }
        $code = $blocks[0].Lines -join ' '
        if ($code -notmatch "^\s*$([regex]::Escape($name))(\s|$)") { Stop-Page $blocks[0].Record "Syntax of set '$($part.Name)' does not start with '$name'." }
        $syntaxSets.Add([pscustomobject]@{
                Name       = $part.Name
                Record     = $blocks[0].Record
                Parameters = @([regex]::Matches($code, '(?<![\w-])-(\w+)') | ForEach-Object { $_.Groups[1].Value })
            })
    }
    $setNames = @($syntaxSets.Name)

    $parameterSplit = Split-Heading $sections['PARAMETERS'].Body 3
    if (-not (Test-Blank $parameterSplit.Preamble)) { Stop-Page ($parameterSplit.Preamble | Where-Object Text | Select-Object -First 1) "Text before the first parameter in PARAMETERS." }
    $parameters = [System.Collections.Generic.List[object]]::new()
    foreach ($section in $parameterSplit.Sections) {
        if ($section.Title -eq 'CommonParameters') { continue }
        if (-not $section.Title.StartsWith('-')) { Stop-Page $section.Record "'### $($section.Title)' should be '### -ParameterName' or '### CommonParameters'." }
        $parameter = Read-Parameter $section $setNames
        if ($parameters | Where-Object Name -EQ $parameter.Name) { Stop-Page $section.Record "Parameter -$($parameter.Name) is described twice." }
        $parameters.Add($parameter)
    }

    # The syntax blocks and the yaml must agree; when they don't, there is no telling which one is right.
    foreach ($set in $syntaxSets) {
        $members = @($parameters | Where-Object { $_.Variants.Sets -contains $set.Name } | ForEach-Object Name)
        foreach ($listed in $set.Parameters) {
            if ($listed -notin $members) { Stop-Page $set.Record "Syntax of set '$($set.Name)' lists -$listed, but no parameter in PARAMETERS belongs to that set under that name." }
        }
        foreach ($member in $members) {
            if ($member -notin $set.Parameters) { Stop-Page $set.Record "Parameter -$member belongs to set '$($set.Name)' by its yaml, but the set's syntax does not list it." }
        }
    }

    $examples = [System.Collections.Generic.List[object]]::new()
    $exampleSplit = Split-Heading $sections['EXAMPLES'].Body 3
    if (-not (Test-Blank $exampleSplit.Preamble)) { Stop-Page ($exampleSplit.Preamble | Where-Object Text | Select-Object -First 1) "Text before the first '### Example' in EXAMPLES." }
    foreach ($section in $exampleSplit.Sections) {
        $blocks = @(Get-MarkdownBlock $section.Body)
        if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'Code') { Stop-Page $section.Record "Example '$($section.Title)' must start with a fenced code block." }
        $examples.Add([pscustomobject]@{
                Title   = ConvertFrom-MarkdownInline $section.Title
                Code    = $blocks[0].Lines -join "`n"
                Remarks = @(ConvertTo-Paragraph ($blocks | Select-Object -Skip 1))
            })
    }

    $types = @{}
    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        $typeSplit = Split-Heading $sections[$kind].Body 3
        if (-not (Test-Blank $typeSplit.Preamble)) { Stop-Page ($typeSplit.Preamble | Where-Object Text | Select-Object -First 1) "Text before the first '### TypeName' in $kind." }
        if ($typeSplit.Sections.Count -eq 0) { Stop-Page $sections[$kind].Record "$kind lists no type; write '### None' when there is none." }
        $types[$kind] = @(foreach ($section in $typeSplit.Sections) {
                [pscustomobject]@{
                    Name        = ConvertFrom-MarkdownInline $section.Title
                    Description = @(ConvertTo-Paragraph (Get-MarkdownBlock $section.Body))
                }
            })
    }

    $notes = @(if ($sections.ContainsKey('NOTES')) { ConvertTo-Paragraph (Get-MarkdownBlock $sections['NOTES'].Body) })

    $links = [System.Collections.Generic.List[object]]::new()
    if ($front.Values['online version']) {
        $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $front.Values['online version'] })
    }
    if ($sections.ContainsKey('RELATED LINKS')) {
        foreach ($block in Get-MarkdownBlock $sections['RELATED LINKS'].Body) {
            if ($block.Kind -notin 'Paragraph', 'List' -or $block.Raw -notmatch '^\[(?<text>[^\]]+)\]\((?<uri>[^()\s]*)\)\s*$') {
                Stop-Page $block.Record 'RELATED LINKS must hold one [text](uri) link per paragraph or list item.'
            }
            # Relative links point at these markdown pages, which do not exist once the help is installed.
            $text = ConvertFrom-MarkdownInline $Matches.text
            $uri = $Matches.uri
            if ($uri -notmatch '^[a-z][a-z0-9+.-]*://') { $uri = '' }
            $links.Add([pscustomobject]@{ Text = $text; Uri = $uri })
        }
    }

    [pscustomobject]@{
        File         = $File
        HelpFile     = $front.Values['external help file']
        Name         = $name
        Verb         = $verb
        Noun         = $noun
        Synopsis     = $synopsis
        Description  = $description
        SyntaxSets   = $syntaxSets
        Parameters   = $parameters
        Examples     = $examples
        Inputs       = $types['INPUTS']
        Outputs      = $types['OUTPUTS']
        Notes        = $notes
        RelatedLinks = $links
    }
}

#endregion

#region MAML

function Write-Para {
    param([System.Xml.XmlWriter]$Writer, [string[]]$Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $script:MamlNamespace)
    foreach ($paragraph in $Paragraphs) {
        $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
    }
    $Writer.WriteEndElement()
}

function Write-Parameter {
    param([System.Xml.XmlWriter]$Writer, $Parameter, $Variant, [switch]$InSyntax)
    $isSwitch = $Variant.Type -in 'SwitchParameter', 'System.Management.Automation.SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $script:CommandNamespace)
    $Writer.WriteAttributeString('required', $Variant.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Variant.Type.EndsWith('[]').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Variant.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Variant.Pipeline)
    $Writer.WriteAttributeString('position', $Variant.Position)
    $Writer.WriteAttributeString('aliases', $(if ($Variant.Aliases.Count) { $Variant.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Parameter.Name)
    Write-Para $Writer $Parameter.Description
    # A switch shows as a bare [-Name] in syntax; a parameterValue there would render as [-Name <SwitchParameter>].
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNamespace)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Variant.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Variant.Type)
    $Writer.WriteElementString('maml', 'uri', $script:MamlNamespace, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNamespace, $Variant.DefaultValue)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter]$Writer, [string]$ListName, [string]$ItemName, $Types)
    $Writer.WriteStartElement('command', $ListName, $script:CommandNamespace)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $ItemName, $script:CommandNamespace)
        $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
        $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $type.Name)
        $Writer.WriteEndElement()
        Write-Para $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter]$Writer, $Page)
    $Writer.WriteStartElement('command', 'command', $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNamespace)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNamespace)

    $Writer.WriteStartElement('command', 'details', $script:CommandNamespace)
    $Writer.WriteElementString('command', 'name', $script:CommandNamespace, $Page.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNamespace, $Page.Verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNamespace, $Page.Noun)
    Write-Para $Writer $Page.Synopsis
    $Writer.WriteEndElement()

    Write-Para $Writer $Page.Description

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNamespace)
    foreach ($set in $Page.SyntaxSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Page.Name)
        # In the order the page's syntax block shows them, which puts positional parameters first.
        foreach ($name in $set.Parameters) {
            $parameter = $Page.Parameters | Where-Object Name -EQ $name
            $variant = $parameter.Variants | Where-Object { $_.Sets -contains $set.Name }
            Write-Parameter $Writer $parameter $variant -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNamespace)
    foreach ($parameter in $Page.Parameters) {
        Write-Parameter $Writer $parameter $parameter.Variants[0]
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Page.Outputs

    if ($Page.Notes.Count) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNamespace)
        $Writer.WriteStartElement('maml', 'alert', $script:MamlNamespace)
        foreach ($paragraph in $Page.Notes) {
            $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
        }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $script:CommandNamespace)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'title', $script:MamlNamespace, "--------- $($example.Title) ---------")
        $Writer.WriteElementString('dev', 'code', $script:DevNamespace, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:DevNamespace)
        # The trailing empty para is the only way to get a blank line before the next example's title.
        foreach ($paragraph in @($example.Remarks) + '') {
            $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
        }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNamespace)
    foreach ($link in $Page.RelatedLinks) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNamespace)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNamespace, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNamespace, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-Maml {
    param([string]$File, $Pages)
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    # Characters XML cannot carry at all must stop the build, not vanish from the help.
    $settings.CheckCharacters = $true
    $writer = [System.Xml.XmlWriter]::Create($File, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($page in $Pages) {
            Write-Command $writer $page
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

#endregion

#region About topics

function Format-Wrapped {
    param([string]$Text, [string]$Indent, [string]$HangingIndent = $Indent)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $Indent
    $empty = $true
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $script:AboutWidth) {
            $lines.Add($line)
            $line = $HangingIndent
            $empty = $true
        }
        $line = if ($empty) { $line + $word } else { "$line $word" }
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    $lines
}

function ConvertTo-AboutText {
    <#
    Lays the topic out the way PowerShell's own about_*.help.txt files are: TOPIC first, section titles
    in capitals at the margin, sub-headings indented two spaces, text indented four and wrapped at 80.
    #>
    param([string]$File)
    $records = Read-MarkdownLine $File
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($File)
    $blocks = @(Get-MarkdownBlock $records)
    $start = 0
    # PlatyPS writes '# Module' then '## about_Topic'; a plain '# about_Topic' is accepted too.
    if ($blocks.Count -ge 2 -and $blocks[0].Kind -eq 'Heading' -and $blocks[0].Level -eq 1 -and
        $blocks[1].Kind -eq 'Heading' -and $blocks[1].Level -eq 2 -and $blocks[1].Text -like 'about_*') {
        $title = $blocks[1]
        $start = 2
    }
    elseif ($blocks.Count -ge 1 -and $blocks[0].Kind -eq 'Heading' -and $blocks[0].Level -eq 1 -and $blocks[0].Text -like 'about_*') {
        $title = $blocks[0]
        $start = 1
    }
    else {
        $first = if ($records.Count) { $records[0] } else { [pscustomobject]@{ File = (Split-Path -Leaf $File); Number = 1 } }
        Stop-Page $first "About topic must start with '# Module' and '## $topic', or with '# $topic'."
    }
    if ($title.Text -ne $topic) { Stop-Page $title.Record "The file is named '$topic' but its title says '$($title.Text)'." }
    if (-not ($blocks | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 -and $_.Text -eq 'SHORT DESCRIPTION' })) {
        Stop-Page $title.Record "About topic has no '# SHORT DESCRIPTION' section."
    }

    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $topic")
    $previous = 'Heading'
    foreach ($block in $blocks | Select-Object -Skip $start) {
        # A blank line before every block except right under a heading and between items of one list.
        if ($block.Kind -eq 'Heading' -or ($previous -ne 'Heading' -and -not ($block.Kind -eq 'List' -and $previous -eq 'List'))) {
            $out.Add('')
        }
        switch ($block.Kind) {
            'Heading' {
                switch ($block.Level) {
                    1 { $out.Add($block.Text.ToUpperInvariant()) }
                    2 { $out.Add("  $($block.Text)") }
                    default { $out.Add("    $($block.Text)") }
                }
            }
            'Code' {
                $indent = ' ' * (8 + $block.Nested)
                foreach ($line in $block.Lines) { $out.Add(("$indent$line").TrimEnd()) }
            }
            'Table' {
                foreach ($line in Format-MarkdownTable $block.Rows) { $out.Add("    $line") }
            }
            'List' {
                $indent = '    ' + ('  ' * $block.Level)
                $hanging = $indent + (' ' * ($block.Marker.Length + 1))
                foreach ($line in Format-Wrapped $block.Text ($indent + $block.Marker + ' ') $hanging) { $out.Add($line) }
            }
            default {
                foreach ($line in Format-Wrapped $block.Text (' ' * (4 + $block.Nested))) { $out.Add($line) }
            }
        }
        $previous = $block.Kind
    }
    ($out -join [Environment]::NewLine) + [Environment]::NewLine
}

#endregion

$source = (Resolve-Path -LiteralPath $Path).Path
$pages = @(Get-ChildItem -LiteralPath $source -Filter *.md -File | Sort-Object Name)
$aboutFiles = @($pages | Where-Object Name -Like 'about_*.md')
$cmdletFiles = @($pages | Where-Object Name -NotLike 'about_*.md')

# Everything is read and checked before anything is written, so a bad page leaves no partial help behind.
$commands = @(foreach ($file in $cmdletFiles) { Read-CmdletPage $file.FullName })
$abouts = @(foreach ($file in $aboutFiles) {
        [pscustomobject]@{ Name = "$($file.BaseName).help.txt"; Text = ConvertTo-AboutText $file.FullName }
    })

New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$destination = (Resolve-Path -LiteralPath $OutputPath).Path
foreach ($group in $commands | Group-Object HelpFile) {
    $file = Join-Path $destination $group.Name
    Write-Maml -File $file -Pages $group.Group
    Get-Item -LiteralPath $file
}
foreach ($about in $abouts) {
    $file = Join-Path $destination $about.Name
    [System.IO.File]::WriteAllText($file, $about.Text, [System.Text.UTF8Encoding]::new($false))
    Get-Item -LiteralPath $file
}
