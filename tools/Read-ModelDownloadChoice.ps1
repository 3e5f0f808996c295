<#
.SYNOPSIS
Asks which model build.ps1 -Task Chat may download, and returns '7b', '13b' or nothing.

.DESCRIPTION
A person who only presses Enter must not start a multi-GB download, so the default is No; the smaller 7B
model is offered first.
#>
[CmdletBinding()]
param()

$choices = [System.Management.Automation.Host.ChoiceDescription[]]@(
    [System.Management.Automation.Host.ChoiceDescription]::new('&No', 'Download nothing and do not chat.')
    [System.Management.Automation.Host.ChoiceDescription]::new('&7B', 'Llama-2-7b-chat-norwegian, Q4_K_M, 4.08 GB.')
    [System.Management.Automation.Host.ChoiceDescription]::new('1&3B', 'Llama-2-13b-chat-norwegian, Q4_K_M, 7.87 GB (the default model).')
)
$question = 'No model is installed. Download one from Hugging Face now? 7B is 4.08 GB, 13B is 7.87 GB.'
switch ($Host.UI.PromptForChoice('NorwegianLlama', $question, $choices, 0)) {
    1 { '7b' }
    2 { '13b' }
}
