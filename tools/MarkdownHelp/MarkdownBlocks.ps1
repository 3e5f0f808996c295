# Numbered lines grouped into blocks (paragraphs, code, list items, tables, headings) that both cmdlet pages and about topics are read from.

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
