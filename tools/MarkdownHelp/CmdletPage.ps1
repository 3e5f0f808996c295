# A PlatyPS cmdlet page (schema 2.0.0) read and checked into one object per command, before anything is written.

$script:CmdletSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:RequiredCmdletSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS')

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
