# The repo root holds the source manifest; its real root module (src/NorwegianLlama.psm1) and the compiled
# cmdlets only come together in the staged copy that build.ps1 writes, so importing this one explains that
# instead of failing on a missing file. This file is never staged or shipped.

$version = (Import-PowerShellDataFile -LiteralPath ([System.IO.Path]::Combine($PSScriptRoot, 'NorwegianLlama.psd1'))).ModuleVersion
$staged = [System.IO.Path]::Combine($PSScriptRoot, 'output', 'NorwegianLlama', $version, 'NorwegianLlama.psd1')
$how = if (Test-Path -LiteralPath $staged) {
    "Import the staged module instead: Import-Module '$staged'"
}
else {
    "Build it first (dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1), then: Import-Module '$staged'"
}
throw [System.InvalidOperationException]::new(
    "NorwegianLlama.psd1 in the repo root is the source manifest and cannot be imported. $how")
