# Markdown as numbered lines: fences marked, headings and table rows split, and the one way a page is rejected (file:line: message).

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
