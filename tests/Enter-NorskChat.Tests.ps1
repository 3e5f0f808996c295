BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'enter.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'enter'; ContextLength = 2048; Seed = 12 } | Out-Null
    $chat = @{ ModelPath = $model; ContextSize = 1024; MaxTokens = 6; Seed = 3 }
}

AfterAll {
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'Enter-NorskChat' {
    It 'holds a conversation from scripted lines, saves, reloads and exits' {
        $file = Join-Path $TestDrive 'samtale.json'
        $lines = 'Hei', 'Fortell mer', "/save $file", '/reset', "/load $file", 'Takk', '/exit', 'never sent'
        $conversation = $lines | Enter-NorskChat @chat 6>$null

        $conversation | ForEach-Object { $_ | Should -BeOfType ([NorwegianLlama.NorskChatMessage]) }
        $conversation.Role | Should -Be @('system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant')
        $conversation.Content[1, 3, 5] | Should -Be @('Hei', 'Fortell mer', 'Takk')
        $conversation.Content | Should -Not -Contain 'never sent'

        $saved = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
        $saved.Role | Should -Be @('system', 'user', 'assistant', 'user', 'assistant')
        $saved[4].Content | Should -Be $conversation[4].Content
    }

    It 'answers each turn as Invoke-NorskChat would continue the same conversation' {
        $conversation = 'Hei', 'Fortell mer', '/exit' | Enter-NorskChat @chat 6>$null
        $first = Invoke-NorskChat 'Hei' @chat
        $second = $first | Invoke-NorskChat 'Fortell mer' @chat
        $conversation.Content[2] | Should -Be $first.Content
        $conversation.Content[4] | Should -Be $second.Content
    }

    It 'sets and removes the system prompt with /system' {
        $conversation = '/system Svar kort.', 'Hei', '/exit' | Enter-NorskChat @chat 6>$null
        $conversation[0].Role | Should -Be 'system'
        $conversation[0].Content | Should -Be 'Svar kort.'

        $none = '/system', 'Hei', '/exit' | Enter-NorskChat @chat 6>$null
        $none.Role | Should -Be @('user', 'assistant')
    }

    It 'continues a response''s conversation saved with ConvertTo-Json' {
        $file = Join-Path $TestDrive 'fra-invoke.json'
        $first = Invoke-NorskChat 'Hei' @chat
        $first.Conversation | ConvertTo-Json | Set-Content -LiteralPath $file
        $conversation = "/load $file", 'Fortell mer', '/exit' | Enter-NorskChat @chat 6>$null
        $conversation.Count | Should -Be 5
        $conversation.Content[4] | Should -Be ($first | Invoke-NorskChat 'Fortell mer' @chat).Content
    }

    It 'saves the ids the model wrote and trusts loaded ids only while they write their answer' {
        $file = Join-Path $TestDrive 'med-ider.json'
        $conversation = 'Hei', "/save $file", '/exit' | Enter-NorskChat @chat 6>$null
        $conversation[-1].TokenIds | Should -Match '^\d+( \d+)*$'
        $saved = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
        $saved[-1].TokenIds | Should -Be $conversation[-1].TokenIds
        $saved[-1].TokenVocabulary | Should -Be $conversation[-1].TokenVocabulary

        # Ids that write other text than the answer's, and a file from before ids were saved: both are read as text.
        $saved[-1].TokenIds = (@($saved[-1].TokenIds -split ' ') | Select-Object -Skip 1) -join ' '
        $tampered = Join-Path $TestDrive 'endret.json'
        $saved | ConvertTo-Json | Set-Content -LiteralPath $tampered
        $old = Join-Path $TestDrive 'gammel.json'
        $saved | Select-Object Role, Content | ConvertTo-Json | Set-Content -LiteralPath $old

        $fromTampered = "/load $tampered", 'Fortell mer', '/exit' | Enter-NorskChat @chat 6>$null
        $fromOld = "/load $old", 'Fortell mer', '/exit' | Enter-NorskChat @chat 6>$null
        $fromTampered[-3].TokenIds | Should -BeNullOrEmpty
        $fromTampered.Content | Should -Be $fromOld.Content
    }

    It 'starts from -Conversation' {
        $start = @(@{ Role = 'user'; Content = 'Hei' }, @{ Role = 'assistant'; Content = 'Hallo' })
        $conversation = 'Takk', '/exit' | Enter-NorskChat -Conversation $start @chat 6>$null
        $conversation.Role | Should -Be @('user', 'assistant', 'user', 'assistant')
    }

    It 'shows the answers and its messages on the host' {
        $shown = 'Hei', '/help', '/ukjent', '/exit' | Enter-NorskChat @chat 6>&1 | ForEach-Object { "$_" }
        ($shown -join "`n") | Should -Match '/save <file>'
        ($shown -join "`n") | Should -Match 'Ukjent kommando /ukjent'
    }

    It 'reports a file it cannot load and carries on' {
        $conversation = '/load /no/such/file.json', 'Hei', '/exit' | Enter-NorskChat @chat -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ChatLoadFailed,*'
        $conversation.Count | Should -Be 3
    }

    It 'names a file that is not JSON and says so in plain words, and carries on' {
        $file = Join-Path $TestDrive 'notater.txt'
        Set-Content -LiteralPath $file -Value 'Hei, dette er bare tekst.'
        $conversation = "/load $file", 'Hei', '/exit' | Enter-NorskChat @chat -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ChatLoadFailed,*'
        $problems[0].Exception.Message | Should -Match ([regex]::Escape($file))
        $problems[0].Exception.Message | Should -Match 'not JSON'
        $problems[0].Exception.Message | Should -Not -Match 'invalid start of a value|BytePositionInLine'
        $conversation.Role | Should -Be @('system', 'user', 'assistant')
    }

    It 'saves Norwegian letters readably, loads a one-message file and refuses non-file paths' {
        $file = Join-Path $TestDrive 'blåbær.json'
        $null = '/system Svar på norsk, takk.', "/save ""$file""", '/save Env:nope', '/exit' | Enter-NorskChat @chat -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null
        Get-Content -LiteralPath $file -Raw | Should -Match 'Svar på norsk'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ChatFileNotFileSystem,*'

        $single = Join-Path $TestDrive 'en.json'
        @{ Role = 'system'; Content = 'Vær kort.' } | ConvertTo-Json | Set-Content -LiteralPath $single
        $conversation = "/load $single", '/exit' | Enter-NorskChat @chat 6>$null
        $conversation.Content | Should -Be 'Vær kort.'
    }

    It 'refuses a conversation in the wrong order before the chat starts' {
        { '/exit' | Enter-NorskChat @chat -Conversation @(@{ Role = 'assistant'; Content = 'Hallo' }) 6>$null } |
            Should -Throw -ErrorId 'ConversationRoleOrder,NorwegianLlama.Commands.EnterNorskChatCommand'
    }

    It 'refuses piped messages, which belong to -Conversation' {
        $messages = Invoke-NorskChat 'Hei' @chat | ForEach-Object Conversation
        $null = $messages | Enter-NorskChat @chat -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null 2>$null
        "$problems" | Should -Match '-Conversation'
    }

    It 'ends when there is no more input' {
        $result = Invoke-ChildPwsh -Script @"
Import-Module `$ModuleManifest
`$c = Enter-NorskChat -ModelPath '$model' -ContextSize 1024 -MaxTokens 2
'messages=' + @(`$c).Count
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut | Should -Match 'messages=1'
    }

    It 'returns the conversation when Ctrl+C ends the chat at the Du> prompt of a real terminal' {
        if ($reason = Get-TerminalSkipReason) {
            Set-ItResult -Skipped -Because $reason
            return
        }
        # The message is typed key by key into the chat's own line editor, Norwegian letters and a fixed typo included.
        $terminal = Start-TerminalPwsh -Script "`$expected = 'Hei, blåbær!'"
        try {
            Send-TerminalKeys $terminal -Text "`$result = Enter-NorskChat -ModelPath '$($model -replace "'", "''")' -ContextSize 1024 -MaxTokens 6 -Seed 3" -Enter
            $null = Read-Terminal $terminal -Until { param($t) $t -match 'Du>' }
            Send-TerminalKeys $terminal -Text 'Hei, blåbærx'
            Send-TerminalKeys $terminal -Key BSpace
            Send-TerminalKeys $terminal -Text '!' -Enter
            $null = Read-Terminal $terminal -Until { param($t) ([regex]::Matches($t, 'Du>')).Count -ge 2 }
            Send-TerminalKeys $terminal -Key C-c
            $null = Read-Terminal $terminal -Until { param($t) $t -match 'Du> \^C' }
            Send-TerminalKeys $terminal -Text "'ROLES=' + (`$result.Role -join ',') + ' TYPED=' + (`$result[1].Content -ceq `$expected)" -Enter
            $text = Read-Terminal $terminal -Until { param($t) $t -match 'ROLES=\w' }
        }
        finally {
            Stop-TerminalPwsh $terminal
        }
        $text | Should -Match 'ROLES=system,user,assistant TYPED=True'
    }
}
