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

# Dot-sourced so that every part's functions and constants live in this run's scope and are gone after it.
foreach ($part in 'MarkdownLines', 'MarkdownBlocks', 'MarkdownInline', 'CmdletParameter', 'CmdletPage', 'Maml', 'AboutTopic') {
    . (Join-Path $PSScriptRoot "MarkdownHelp/$part.ps1")
}

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
