# about_*.md topics laid out as the plain-text about_*.help.txt files Get-Help shows as they are.

$script:AboutWidth = 80

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
                foreach ($line in Format-MarkdownTable $block.Rows $script:AboutTableWidth) { $out.Add("    $line") }
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
