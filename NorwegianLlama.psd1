# build.ps1 stages this manifest with src/NorwegianLlama.psm1 and the compiled cmdlets into
# output/NorwegianLlama/<version>/, the copy to import. In the repo root it is only the source: importing it
# fails (its RootModule is not beside it). Build, then: Import-Module ./output/NorwegianLlama/<version>/NorwegianLlama.psd1
@{
    RootModule           = 'NorwegianLlama.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '9a91b169-4e8f-4253-8515-1283166bcb02'
    Author               = 'NorwegianLlama contributors'
    CompanyName          = 'NorwegianLlama'
    Copyright            = '(c) NorwegianLlama contributors. MIT License.'
    Description          = 'Runs the Norwegian Llama-2 chat models (Ruter AI Lab) locally, offline and in-process through LLamaSharp and llama.cpp on the CPU.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Formats/NorwegianLlama.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Clear-NorskPromptCache'
        'ConvertTo-NorskPrompt'
        'Enter-NorskChat'
        'Get-NorskModelInfo'
        'Import-NorskModel'
        'Install-NorskModel'
        'Invoke-NorskChat'
        'Invoke-NorskInstruction'
        'Remove-NorskModel'
        'Uninstall-NorskModel'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            # The operating systems are those whose llama.cpp natives the package holds (bin/runtimes/<rid>);
            # tests/Package.Tests.ps1 compares the two.
            Tags         = @('AI', 'LLM', 'Llama', 'llama.cpp', 'GGUF', 'Norwegian', 'Norsk', 'Offline', 'PSEdition_Core', 'Windows', 'MacOS', 'Linux')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # No ProjectUri: the project's repository is not published yet.
            ReleaseNotes = @'
0.1.0, the first version: chat (Invoke-NorskChat, Enter-NorskChat), instructions over many texts or files
(Invoke-NorskInstruction), JSON Schema and GBNF answers, GGUF LoRA adapters, model download and inspection,
for Windows, macOS and Linux (x64 and arm64) with PowerShell 7.6. CHANGELOG.md in the module folder holds the full history.
'@
        }
    }
}
