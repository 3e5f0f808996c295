BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'turns.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'turns'; ContextLength = 2048; KvHeads = 2; Seed = 3 } | Out-Null
    # Greedy without -Seed: a seeded run reuses only whole aligned chunks of prompt, never an answer's tokens.
    $greedy = @{ ModelPath = $model; ContextSize = 1024; MaxTokens = 16; Temperature = 0 }
    $seeded = @{ ModelPath = $model; ContextSize = 1024; MaxTokens = 24; Seed = 99; Temperature = 1 }
    # Only the warm context may hold a prefix: a prompt cache file would blur what was reused from where.
    $env:NORSK_PROMPT_CACHE = '0'

    function Copy-Conversation([object[]]$Conversation) {
        <# Messages that can be changed without touching the answer they came from. #>
        @($Conversation | ForEach-Object { [NorwegianLlama.NorskChatMessage]@{ Role = $_.Role; Content = $_.Content; TokenIds = $_.TokenIds; TokenVocabulary = $_.TokenVocabulary } })
    }

    function ConvertTo-TextConversation([object[]]$Conversation) {
        <# The same messages as text only, as a conversation written by hand would be. #>
        @($Conversation | ForEach-Object { [NorwegianLlama.NorskChatMessage]::new($_.Role, $_.Content) })
    }

    function Get-FreshAnswer([string]$ConversationJson, [string]$Message, [hashtable]$Options) {
        $file = Join-Path $TestDrive "conversation-$([guid]::NewGuid().ToString('N')).json"
        Set-Content -LiteralPath $file -Value $ConversationJson -Encoding utf8
        $optionText = ($Options.GetEnumerator() | ForEach-Object { "-$($_.Key) '$($_.Value)'" }) -join ' '
        $result = Invoke-ChildPwsh -Script @"
Import-Module `$ModuleManifest
`$conversation = Get-Content -Raw -LiteralPath '$file' | ConvertFrom-Json
`$answer = Invoke-NorskChat '$Message' -Conversation `$conversation $optionText
[Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(`$answer.Content))
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($result.StdOut.Trim()))
    }
}

AfterAll {
    Remove-Item Env:NORSK_PROMPT_CACHE -ErrorAction Ignore
    Remove-NorskModel -All
}

Describe 'Chat turns carry the ids the model wrote' {
    It 'gives an answer its generated ids, which survive a JSON round trip' {
        $first = Invoke-NorskChat 'Hei' @greedy
        $answer = $first.Conversation[-1]
        $answer.Role | Should -Be 'assistant'
        @($answer.TokenIds -split ' ').Count | Should -Be $first.CompletionTokenCount
        $answer.TokenVocabulary | Should -Not -BeNullOrEmpty
        $first.Conversation[-2].TokenIds | Should -BeNullOrEmpty

        $direct = ConvertTo-NorskPrompt 'Takk' -Conversation $first.Conversation -ModelPath $model
        $roundTrip = ConvertTo-NorskPrompt 'Takk' -Conversation ($first.Conversation | ConvertTo-Json | ConvertFrom-Json) -ModelPath $model
        $roundTrip.Tokens | Should -Be $direct.Tokens
        $roundTrip.Text | Should -BeExactly $direct.Text
        $fromText = ConvertTo-NorskPrompt 'Takk' -Conversation ($first.Conversation | Select-Object Role, Content) -ModelPath $model
        $fromText.Text | Should -BeExactly $direct.Text

        # The whole response too, at ConvertTo-Json's default depth, without a truncation warning; and through Clixml.
        $json = $first | ConvertTo-Json -WarningVariable truncated
        $truncated | Should -BeNullOrEmpty
        ($json | ConvertFrom-Json | ConvertTo-NorskPrompt 'Takk' -ModelPath $model).Tokens | Should -Be $direct.Tokens
        $file = Join-Path $TestDrive 'response.xml'
        $first | Export-Clixml -LiteralPath $file
        (Import-Clixml -LiteralPath $file | ConvertTo-NorskPrompt 'Takk' -ModelPath $model).Tokens | Should -Be $direct.Tokens
    }

    It 'decodes only the trailing space, EOS and the new question in the warm turn, and answers as a fresh process does' {
        Remove-NorskModel -All
        $first = Invoke-NorskChat 'Hei' @greedy
        $ids = [int[]]($first.Conversation[-1].TokenIds -split ' ')
        $asked = ConvertTo-NorskPrompt 'Hei' -ModelPath $model
        $next = ConvertTo-NorskPrompt 'Fortell mer om fjorden' -Conversation $first.Conversation -ModelPath $model
        # The next prompt starts with exactly what the warm context holds: the first prompt, then the ids as written.
        $asked.TokenCount | Should -Be $first.PromptTokenCount
        $next.Tokens[0..($asked.TokenCount + $ids.Count - 1)] | Should -Be @($asked.Tokens + $ids)

        $warm = $first | Invoke-NorskChat 'Fortell mer om fjorden' @greedy
        $warm.PromptTokenCount | Should -Be $next.TokenCount
        $expected = $next.TokenCount - $asked.TokenCount - $ids.Count
        # The last token of an answer cut by -MaxTokens is sampled but never decoded, so the next turn decodes it.
        if ($first.StopReason -eq 'MaxTokens') { $expected++ }
        ($warm.PromptTokenCount - $warm.ReusedPromptTokenCount) | Should -Be $expected

        Get-FreshAnswer ($first.Conversation | ConvertTo-Json) 'Fortell mer om fjorden' $greedy | Should -BeExactly $warm.Content
    }

    It 'falls back to the text when the answer was edited' {
        Remove-NorskModel -All
        $first = Invoke-NorskChat 'Hei' @greedy
        $carried = $first | Invoke-NorskChat 'Fortell mer om fjorden' @greedy

        Remove-NorskModel -All
        $first = Invoke-NorskChat 'Hei' @greedy
        $edited = Copy-Conversation $first.Conversation
        $edited[-1].Content = 'Hallo, jeg heter Llama.'
        $fromText = ConvertTo-TextConversation $edited
        (ConvertTo-NorskPrompt 'Fortell mer om fjorden' -Conversation $edited -ModelPath $model).Tokens |
            Should -Be (ConvertTo-NorskPrompt 'Fortell mer om fjorden' -Conversation $fromText -ModelPath $model).Tokens

        $after = Invoke-NorskChat 'Fortell mer om fjorden' -Conversation $edited @greedy
        $after.CompletionTokenCount | Should -BeGreaterThan 0
        $after.ReusedPromptTokenCount | Should -BeLessThan $carried.ReusedPromptTokenCount
        $after.Conversation[-3].Content | Should -BeExactly 'Hallo, jeg heter Llama.'
        $after.Conversation[-3].TokenIds | Should -BeNullOrEmpty
        @($after.Conversation[-1].TokenIds -split ' ').Count | Should -Be $after.CompletionTokenCount
    }

    It 'never trusts ids of another vocabulary' {
        $first = Invoke-NorskChat 'Hei' @greedy
        $foreign = Copy-Conversation $first.Conversation
        $foreign[-1].TokenVocabulary = 'another-vocabulary'
        $fromText = ConvertTo-TextConversation $foreign
        (ConvertTo-NorskPrompt 'Takk' -Conversation $foreign -ModelPath $model).Tokens |
            Should -Be (ConvertTo-NorskPrompt 'Takk' -Conversation $fromText -ModelPath $model).Tokens
    }

    It 'gives the seeded second answer a fresh process gives for the same conversation' {
        Remove-NorskModel -All
        $first = Invoke-NorskChat 'Hei' @seeded
        $warm = $first | Invoke-NorskChat 'Fortell mer om fjorden' @seeded
        $warm.ReusedPromptTokenCount | Should -BeGreaterThan 0
        Get-FreshAnswer ($first.Conversation | ConvertTo-Json) 'Fortell mer om fjorden' $seeded | Should -BeExactly $warm.Content
    }
}
