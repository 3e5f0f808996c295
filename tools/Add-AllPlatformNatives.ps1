#Requires -Version 7.6

<#
.SYNOPSIS
Adds llama.cpp for every platform LLamaSharp.Backend.Cpu ships to a staged module.

.DESCRIPTION
A plain build copies only the build host's natives (the project pins its RuntimeIdentifier, for speed). The package
is meant for every platform, so this copies each runtimes/<rid>/native folder of the backend, as restored into the
NuGet package folder, into the staged module's bin/runtimes, where LLamaSharp looks for them. Returns the runtime
identifiers it copied.
#>
[CmdletBinding()]
param(
    # The staged module folder (output/NorwegianLlama/<version>).
    [Parameter(Mandatory)]
    [string]$Stage,

    # The NuGet global packages folder the backend was restored into.
    [Parameter(Mandatory)]
    [string]$PackageFolder,

    # The project whose LLamaSharp.Backend.Cpu reference names the backend's version.
    [string]$Project = (Join-Path $PSScriptRoot '../src/NorwegianLlama/NorwegianLlama.csproj')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

[xml]$xml = Get-Content -LiteralPath $Project -Raw
$reference = $xml.SelectSingleNode("//PackageReference[@Include='LLamaSharp.Backend.Cpu']")
if (-not $reference) { throw "$Project has no LLamaSharp.Backend.Cpu reference." }
$backend = Join-Path $PackageFolder "llamasharp.backend.cpu/$($reference.Version)/LLamaSharpRuntimes"
if (-not (Test-Path -LiteralPath $backend)) { throw "LLamaSharp.Backend.Cpu $($reference.Version) is not restored in $PackageFolder." }

$runtimes = Join-Path $Stage 'bin/runtimes'
foreach ($rid in Get-ChildItem -LiteralPath $backend -Directory) {
    $native = Join-Path $rid.FullName 'native'
    if (-not (Test-Path -LiteralPath $native)) { continue }
    $target = Join-Path $runtimes "$($rid.Name)/native"
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Copy-Item -Path (Join-Path $native '*') -Destination $target -Recurse -Force
    $rid.Name
}
