# The Bokmål pages (docs/nb-NO) are translations of the English ones, not separate documents: the same pages, the
# same schema headings the converter reads, the same parameters and examples, and code blocks identical to the
# character, since those are run as tests from the English page and show real output.

BeforeDiscovery {
    $pageCases = @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot '../docs/en-US') -Filter *.md |
            ForEach-Object { @{ Page = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:English = Join-Path $PSScriptRoot '../docs/en-US'
    $script:Bokmal = Join-Path $PSScriptRoot '../docs/nb-NO'

    function Get-PageOutline {
        # What must not differ between a page and its translation, read outside and inside code fences.
        param([string]$Path)
        $lines = [System.IO.File]::ReadAllLines($Path)
        $frontMatter = [System.Collections.Generic.List[string]]::new()
        $code = [System.Collections.Generic.List[string]]::new()
        $schema = [System.Collections.Generic.List[string]]::new()
        $links = [System.Collections.Generic.List[string]]::new()
        $examples = 0
        $start = 0
        if ($lines.Count -gt 0 -and $lines[0] -eq '---') {
            $end = [array]::IndexOf($lines, '---', 1)
            $frontMatter.AddRange([string[]]$lines[0..$end])
            $start = $end + 1
        }
        $isAbout = [System.IO.Path]::GetFileName($Path) -like 'about_*'
        $fence = $null
        $section = ''
        for ($i = $start; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            if ($null -ne $fence) {
                $fence.Add($line)
                if ($line -match '^\s*(```|~~~)\s*$') { $code.Add($fence -join "`n"); $fence = $null }
                continue
            }
            if ($line -match '^\s*(```|~~~)') { $fence = [System.Collections.Generic.List[string]]::new(); $fence.Add($line); continue }
            foreach ($link in [regex]::Matches($line, '\]\(([^)]*)\)')) { $links.Add($link.Groups[1].Value) }
            if ($line -notmatch '^(#{1,3}) (.+)$') { continue }
            $level = $Matches[1].Length
            $title = $Matches[2].Trim()
            if ($isAbout) {
                if ($title -in 'NorwegianLlama', 'SHORT DESCRIPTION', 'LONG DESCRIPTION' -or $title -like 'about_*') { $schema.Add($line) }
                continue
            }
            if ($level -le 2) { $schema.Add($line); if ($level -eq 2) { $section = $title }; continue }
            if ($section -eq 'EXAMPLES') { $examples++ } else { $schema.Add("$section/$line") }
        }
        [pscustomobject]@{
            FrontMatter = $frontMatter -join "`n"
            Code        = @($code)
            Schema      = @($schema)
            Links       = @($links)
            Examples    = $examples
            Prose       = ($lines -join "`n")
        }
    }
}

Describe 'Bokmål help page <Page>' -ForEach $pageCases {
    BeforeAll {
        $script:Translation = Join-Path $Bokmal $Page
        if (Test-Path -LiteralPath $Translation) {
            $script:Original = Get-PageOutline (Join-Path $English $Page)
            $script:Norwegian = Get-PageOutline $Translation
        }
    }

    It 'exists as docs/nb-NO/<Page>' {
        $Translation | Should -Exist
    }

    It 'has the same front matter' {
        $Norwegian.FrontMatter | Should -Be $Original.FrontMatter
    }

    It 'keeps the headings the converter reads: sections, syntax sets, parameters and types' {
        $Norwegian.Schema | Should -Be $Original.Schema
    }

    It 'has the same number of examples' {
        $Norwegian.Examples | Should -Be $Original.Examples
    }

    It 'has every code block of the English page, identical and in the same order' {
        $Norwegian.Code.Count | Should -Be $Original.Code.Count
        for ($i = 0; $i -lt $Original.Code.Count; $i++) {
            $Norwegian.Code[$i] | Should -BeExactly $Original.Code[$i] -Because "code block $($i + 1) is run from the English page"
        }
    }

    It 'links to the same places in the same order' {
        $Norwegian.Links | Should -Be $Original.Links
    }

    It 'is written in Norwegian, not left in English' {
        $outside = $Norwegian.Prose
        foreach ($block in $Norwegian.Code) { $outside = $outside.Replace($block, '') }
        $words = @($outside.ToLowerInvariant() -split '[^\p{L}]+' | Where-Object { $_ })
        $norwegianWords = @($words | Where-Object { $_ -in 'og', 'ikke', 'som', 'er', 'til', 'med', 'på', 'av', 'den', 'det', 'du', 'eller', 'når' }).Count
        $englishWords = @($words | Where-Object { $_ -in 'the', 'and', 'is', 'of', 'to', 'with', 'on', 'you', 'or', 'when', 'it', 'that', 'are' }).Count
        $norwegianWords | Should -BeGreaterThan (4 * $englishWords) -Because "$norwegianWords Norwegian and $englishWords English function words"
    }
}

Describe 'Bokmål help in the staged module' {
    It 'stages docs/nb-NO as nb-NO, and the same files for nn-NO and no' {
        $stage = Split-Path $ModuleManifest
        $pages = @(Get-ChildItem -LiteralPath $Bokmal -Filter 'about_*.md' | ForEach-Object { "$($_.BaseName).help.txt" }) + 'NorwegianLlama.dll-Help.xml'
        foreach ($culture in 'nb-NO', 'nn-NO', 'no') {
            @(Get-ChildItem -LiteralPath (Join-Path $stage $culture) -File).Name | Sort-Object | Should -Be ($pages | Sort-Object)
        }
    }
}
