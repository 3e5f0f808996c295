# One '### -Name' section of a cmdlet page: its description, and a variant for each yaml block and the parameter sets it names.

$script:ParameterKeys = @(
    'Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input',
    'Accept wildcard characters'
)

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
