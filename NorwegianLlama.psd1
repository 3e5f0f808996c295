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
            Tags         = @('AI', 'LLM', 'Llama', 'llama.cpp', 'GGUF', 'Norwegian', 'Norsk', 'Offline', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
