# Inline markup and blocks flattened to the plain text MAML paragraphs carry, since Get-Help renders no markdown.

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

# Help is read in consoles of 100 columns: about topics indent a table by four, and Get-Help -Full indents the tables
# of a cmdlet's parameters, outputs and notes by eight.
$script:AboutTableWidth = 96
$script:CmdletTableWidth = 92

function Split-CellText {
    <# A cell's text as lines of at most -Width characters, broken between words; a longer word keeps its own line. #>
    param([string]$Text, [int]$Width)
    $line = ''
    foreach ($word in $Text -split ' ' | Where-Object { $_ }) {
        if ($line -and $line.Length + 1 + $word.Length -gt $Width) {
            $line
            $line = $word
        }
        else {
            $line = if ($line) { "$line $word" } else { $word }
        }
    }
    $line
}

function Format-MarkdownTable {
    param($Rows, [int]$Width)
    $columns = ($Rows | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
    $cell = { param($r, $column) if ($column -lt $Rows[$r].Count) { $Rows[$r][$column] } else { '' } }
    $widths = [int[]]@(foreach ($column in 0..($columns - 1)) {
            ($Rows | ForEach-Object { if ($column -lt $_.Count) { $_[$column].Length } else { 0 } } | Measure-Object -Maximum).Maximum
        })
    # The widest column gives way first, down to its longest word, until the table fits.
    $narrowest = [int[]]@(foreach ($column in 0..($columns - 1)) {
            ($Rows | ForEach-Object { (& $cell ([array]::IndexOf($Rows, $_)) $column) -split ' ' } |
                ForEach-Object Length | Measure-Object -Maximum).Maximum
        })
    while ((($widths | Measure-Object -Sum).Sum + 2 * ($columns - 1)) -gt $Width) {
        $shrinkable = @(0..($columns - 1) | Where-Object { $widths[$_] -gt [Math]::Max($narrowest[$_], 12) })
        if (-not $shrinkable) { break }
        $widest = $shrinkable | Sort-Object { $widths[$_] } -Descending | Select-Object -First 1
        $widths[$widest]--
    }
    $lines = [System.Collections.Generic.List[string]]::new()
    for ($r = 0; $r -lt $Rows.Count; $r++) {
        $wrapped = @(for ($column = 0; $column -lt $columns; $column++) { , @(Split-CellText (& $cell $r $column) $widths[$column]) })
        $height = ($wrapped | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
        for ($l = 0; $l -lt $height; $l++) {
            $cells = for ($column = 0; $column -lt $columns; $column++) {
                $value = if ($l -lt $wrapped[$column].Count) { $wrapped[$column][$l] } else { '' }
                "$value".PadRight($widths[$column])
            }
            $lines.Add(($cells -join '  ').TrimEnd())
        }
        if ($r -eq 0) {
            # Underlined like Format-Table does: as long as each header, so one long cell cannot stretch it.
            $underline = for ($column = 0; $column -lt $columns; $column++) {
                ('-' * [Math]::Min((& $cell 0 $column).Length, $widths[$column])).PadRight($widths[$column])
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
            'Table' { (Format-MarkdownTable $block.Rows $script:CmdletTableWidth) -join "`n" }
            'List' { ('  ' * $block.Level) + $block.Marker + ' ' + $block.Text }
            default { (' ' * $block.Nested) + $block.Text }
        }
    }
}
