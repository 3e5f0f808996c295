# docs/examples/Invoke-NorskFolderSummary.ps1 over real PowerShell SSH remoting, against a private sshd on
# 127.0.0.1 that lives in $TestDrive and only for these tests (the system's ssh configuration is never touched).

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $example = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../docs/examples/Invoke-NorskFolderSummary.ps1')).Path
    $sshd = '/usr/sbin/sshd'
    $skipReason = $null
    $server = $null
    $serverLog = $null

    function Test-Root { $IsLinux -and (& id -u) -eq '0' }

    if (-not $IsLinux) {
        $skipReason = 'the private sshd setup is written for Linux'
    }
    elseif (-not (Test-Path -LiteralPath $sshd)) {
        # Tests never install anything: .ci/run installs openssh-server (as root, with apt-get) before the suite.
        $skipReason = "sshd is not installed at $sshd (install openssh-server; .ci/run does so when run as root on a system with apt-get)"
    }
    elseif (-not (Get-Command ssh -CommandType Application -ErrorAction Ignore) -or -not (Get-Command ssh-keygen -CommandType Application -ErrorAction Ignore)) {
        $skipReason = 'the ssh client (ssh, ssh-keygen) is missing'
    }
    elseif (-not (Test-Root)) {
        $skipReason = 'sshd needs root for privilege separation and to log in'
    }
    elseif (-not (Test-Path -LiteralPath /run/sshd)) {
        $skipReason = 'sshd needs its privilege separation folder /run/sshd (mkdir /run/sshd as root; .ci/run makes it)'
    }
    else {
        $ssh = Join-Path $TestDrive 'ssh'
        New-Item -ItemType Directory -Path $ssh | Out-Null
        $hostKey = Join-Path $ssh 'host_ed25519'
        $clientKey = Join-Path $ssh 'client_ed25519'
        foreach ($key in $hostKey, $clientKey) {
            & ssh-keygen -q -t ed25519 -N '' -C norsk-test -f $key | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "ssh-keygen failed with exit code $LASTEXITCODE." }
        }
        $authorizedKeys = Join-Path $ssh 'authorized_keys'
        Copy-Item -LiteralPath "$clientKey.pub" -Destination $authorizedKeys

        # The remote end: a pwsh started by sshd's minimal environment. Here pwsh is a dotnet local tool,
        # so the wrapper runs pwsh.dll with the dotnet host this process runs on.
        $wrapper = Join-Path $ssh 'pwsh-subsystem.sh'
        $processPath = [Environment]::ProcessPath
        if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
            $dotnet = (Get-Item -LiteralPath $processPath).ResolvedTarget ?? $processPath
            $dotnetRoot = Split-Path -Parent $dotnet
            $exec = "exec '$dotnet' '$(Join-Path $PSHOME 'pwsh.dll')' -sshs -NoLogo -NoProfile"
        }
        else {
            $dotnetRoot = $env:DOTNET_ROOT ?? '/usr/share/dotnet'
            $exec = "exec '$processPath' -sshs -NoLogo -NoProfile"
        }
        $shell = @(
            '#!/bin/sh'
            "export DOTNET_ROOT='$dotnetRoot'"
            "export PATH='${dotnetRoot}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'"
            'export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1'
            $exec
        ) -join "`n"
        [System.IO.File]::WriteAllText($wrapper, "$shell`n")
        & chmod 755 $wrapper

        # A free loopback port (a small race with other processes is possible, hence the bounded retry below).
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()

        $config = Join-Path $ssh 'sshd_config'
        @(
            'ListenAddress 127.0.0.1'
            "Port $port"
            "HostKey $hostKey"
            "AuthorizedKeysFile $authorizedKeys"
            "PidFile $(Join-Path $ssh 'sshd.pid')"
            'PubkeyAuthentication yes'
            'PasswordAuthentication no'
            'KbdInteractiveAuthentication no'
            'StrictModes no'
            'UsePAM no'
            'PermitRootLogin prohibit-password'
            'AllowUsers root'
            "Subsystem powershell $wrapper"
        ) | Set-Content -LiteralPath $config -Encoding ascii

        $start = [System.Diagnostics.ProcessStartInfo]::new($sshd)
        foreach ($argument in '-D', '-e', '-f', $config) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardError = $true
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $server = [System.Diagnostics.Process]::Start($start)
        # Drained all along, so sshd never blocks on a full pipe; read after it stops, for diagnosis.
        $serverLog = $server.StandardError.ReadToEndAsync()
        $null = $server.StandardOutput.ReadToEndAsync()

        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        $listening = $false
        while (-not $listening -and -not $server.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            $probe = [System.Net.Sockets.TcpClient]::new()
            try {
                $listening = $probe.ConnectAsync([System.Net.IPAddress]::Loopback, $port).Wait(500)
            }
            catch {
                Start-Sleep -Milliseconds 100
            }
            finally {
                $probe.Dispose()
            }
        }
        if ($server.HasExited) {
            $skipReason = "sshd could not run: $($serverLog.GetAwaiter().GetResult().Trim())"
        }
        elseif (-not $listening) {
            throw "The test sshd did not listen on 127.0.0.1:$port within 15 s."
        }

        $connection = @{
            Port        = $port
            UserName    = 'root'
            KeyFilePath = $clientKey
            Options     = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
        }
    }

    if ($skipReason) {
        Write-Warning "Remoting tests skipped: $skipReason."
    }
    else {
        $model = Join-Path $TestDrive 'remote.gguf'
        New-TestModel -Path $model -Spec @{ Name = 'remote'; ContextLength = 2048; Seed = 12 } | Out-Null
        $folder = Join-Path $TestDrive 'brev'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $texts = [ordered]@{
            'a-fjord.txt' = 'Geirangerfjorden er en av de mest kjente fjordene i Norge.'
            'b-skog.txt'  = 'Blåbær og tyttebær vokser i skogen om sommeren.'
            'c-buss.txt'  = 'Bussen til Oslo sentrum går hvert tiende minutt fra Jernbanetorget.'
            'd-vaer.txt'  = 'I morgen blir det regn på Vestlandet og sol i Trøndelag.'
            'e-skole.txt' = 'Elevene lærer om vikingtiden og skriver en fortelling.'
            'f-fjell.txt' = 'Søster og brødre går på fjellet hvert år i påsken.'
        }
        foreach ($name in $texts.Keys) {
            Set-Content -LiteralPath (Join-Path $folder $name) -Value $texts[$name] -Encoding utf8NoBOM
        }
        $files = @(Get-ChildItem -LiteralPath $folder -Filter *.txt | Sort-Object Name)
        # Greedy and one at a time, so every split of the files gives the same answers.
        $run = @{
            Path        = $folder
            Instruction = 'Oppsummer teksten.'
            ModelPath   = $model
            ContextSize = 512
            MaxTokens   = 8
            BatchSize   = 1
            Temperature = 0
            Seed        = 7
        }
        $remote = @{ RemoteModulePath = $ModuleManifest } + $connection
    }
}

AfterAll {
    Get-PSSession | Where-Object { $_.Transport -eq 'SSH' -and $_.ComputerName -in '127.0.0.1', 'localhost' } | Remove-PSSession
    if ($server) {
        if (-not $server.HasExited) {
            $server.Kill($true)
            $null = $server.WaitForExit(10000)
        }
        $server.Dispose()
    }
}

Describe 'Invoke-NorskFolderSummary.ps1 over SSH remoting' {
    BeforeEach {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }
    }

    Context 'two hosts' {
        BeforeAll {
            if (-not $skipReason) {
                $csv = Join-Path $TestDrive 'remote.csv'
                $problems = $null
                $fanned = & $example @run @remote -HostName '127.0.0.1', 'localhost' -OutputCsv $csv -ErrorVariable problems
                $rows = @(Import-Csv -LiteralPath $csv)
            }
        }

        It 'writes one CSV row per file, in file order, answered on both hosts' {
            @($problems).Count | Should -Be 0 -Because "$(@($problems) -join '; ')"
            $rows.Count | Should -Be 6
            $rows.Source | Should -Be $files.FullName
            # A random model's greedy answer may be only whitespace, which Content trims away; the tokens show it answered.
            $rows | ForEach-Object { $_.PSObject.Properties.Name | Should -Contain 'Content' }
            $rows.Host | Should -Be @('127.0.0.1', '127.0.0.1', '127.0.0.1', 'localhost', 'localhost', 'localhost')
            $rows | ForEach-Object { [int]$_.CompletionTokenCount | Should -BeGreaterThan 0 }
            $rows.Seed | Sort-Object -Unique | Should -Be '7'
            $rows[0].PSObject.Properties.Name | Should -Be @('Source', 'Content', 'StopReason', 'PromptTokenCount', 'CompletionTokenCount', 'Duration', 'TokensPerSecond', 'Seed', 'Host', 'Model')
        }

        It 'returns the merged objects with the file paths as Source' {
            @($fanned).Count | Should -Be 6
            $fanned.Source | Should -Be $files.FullName
            $fanned.Content | Should -Be $rows.Content
        }

        It 'gives the same answers as a local run of the script' {
            $localCsv = Join-Path $TestDrive 'local.csv'
            $local = & $example @run -OutputCsv $localCsv
            $localRows = @(Import-Csv -LiteralPath $localCsv)
            $localRows.Source | Should -Be $rows.Source
            $localRows.Content | Should -Be $rows.Content
            $localRows.PromptTokenCount | Should -Be $rows.PromptTokenCount
            $localRows.StopReason | Should -Be $rows.StopReason
            $localRows.Host | Sort-Object -Unique | Should -Be ([Environment]::MachineName)
            $local[0] | Should -BeOfType ([NorwegianLlama.NorskInstructionResponse])
        }

        It 'keeps the response type name, properties and views through deserialisation' {
            $first = $fanned[0]
            $first.pstypenames[0] | Should -Be 'Deserialized.NorwegianLlama.NorskInstructionResponse'
            $first.PromptTokenCount | Should -BeOfType ([int])
            $first.Duration | Should -BeOfType ([timespan])
            $first.Seed | Should -Be 7
            "$($first.StopReason)" | Should -Be $rows[0].StopReason
            $first.Instruction | Should -Be 'Oppsummer teksten.'
            $first.Input | Should -Be $texts['a-fjord.txt']
            $first.Model | Should -Be $model
            ($first | Format-Table | Out-String -Width 200) | Should -Match 'Source\s+StopReason\s+Tokens\s+Seconds\s+Content'
            ($first | Format-Table | Out-String -Width 200) | Should -Match 'a-fjord\.txt'
        }
    }

    Context 'reused sessions' {
        It 'keeps each session''s model loaded between runs' {
            $sessions = @(New-PSSession -HostName '127.0.0.1' @connection; New-PSSession -HostName 'localhost' @connection)
            try {
                $first = & $example @run -Session $sessions -RemoteModulePath $ModuleManifest -OutputCsv (Join-Path $TestDrive 'first.csv')
                $second = & $example @run -Session $sessions -RemoteModulePath $ModuleManifest -OutputCsv (Join-Path $TestDrive 'second.csv')
                $second.Content | Should -Be $first.Content
                $sessions.State | Should -Be @('Opened', 'Opened')
                $loaded = Invoke-Command -Session $sessions -ScriptBlock { @(Get-NorskModelInfo -Loaded).Count }
                $loaded | Should -Be @(1, 1)
                # Two remote processes, each with its own cache.
                $processes = Invoke-Command -Session $sessions -ScriptBlock { $PID }
                ($processes | Sort-Object -Unique).Count | Should -Be 2
            }
            finally {
                $sessions | Remove-PSSession
            }
        }
    }

    Context 'the hand-split fan-out of docs/scaling.md' {
        BeforeAll {
            function Get-DocsBlock {
                # The first ```powershell block after a line of docs/scaling.md, as the page has it (a block in a list
                # item loses its indentation): the test runs the documented text itself, not a copy of it.
                param([string]$After)
                $lines = @(Get-Content -LiteralPath (Join-Path $PSScriptRoot '../docs/scaling.md') -Encoding utf8)
                $start = [array]::IndexOf($lines, $After)
                $start | Should -BeGreaterOrEqual 0 -Because "docs/scaling.md has the line '$After'"
                $open = $start + 1
                while ($lines[$open] -notmatch '^(?<indent>\s*)```powershell\s*$') { $open++ }
                $indent = $Matches.indent.Length
                $close = $open + 1
                while ($lines[$close] -notmatch '^\s*```\s*$') { $close++ }
                @($lines[($open + 1)..($close - 1)] | ForEach-Object { $_.Substring([Math]::Min($indent, $_.Length)) }) -join "`n"
            }

            function Convert-DocsBlock {
                # Each stand-in must find its text, so a change to the page cannot leave the test running something else.
                param([string]$Code, [System.Collections.Specialized.OrderedDictionary]$Substitutions)
                foreach ($entry in $Substitutions.GetEnumerator()) {
                    $Code.Contains($entry.Key) | Should -BeTrue -Because "the block should still contain: $($entry.Key)"
                    $Code = $Code.Replace($entry.Key, $entry.Value)
                }
                $Code
            }
        }

        It 'labels every answer with its own file when one file of the folder is empty' {
            $work = Join-Path $TestDrive 'by-hand'
            $brev = Join-Path $work 'brev'
            New-Item -ItemType Directory -Path $brev | Out-Null
            # An empty file second, so every later answer would shift if its text were dropped; one file with a
            # byte order mark, which must be read as Invoke-NorskInstruction reads files (the mark is not text).
            $written = [ordered]@{
                'a-fjord.txt' = $texts['a-fjord.txt']
                'b-tom.txt'   = ''
                'c-buss.txt'  = $texts['c-buss.txt']
                'd-vaer.txt'  = $texts['d-vaer.txt']
                'e-skole.txt' = $texts['e-skole.txt']
            }
            foreach ($name in $written.Keys) {
                $encoding = if ($name -eq 'c-buss.txt') { [System.Text.UTF8Encoding]::new($true) } else { [System.Text.UTF8Encoding]::new($false) }
                [System.IO.File]::WriteAllText((Join-Path $brev $name), $written[$name], $encoding)
            }
            (Get-Item -LiteralPath (Join-Path $brev 'b-tom.txt')).Length | Should -Be 0

            $quote = { param($s) "'" + ($s -replace "'", "''") + "'" }
            # The page's hosts, login and installed module, replaced by this test's sshd, key and staged module.
            $code = Convert-DocsBlock (Get-DocsBlock '## Splitting a folder by hand') ([ordered]@{
                    "`$hosts = 'node1', 'node2', 'node3'"             = "`$hosts = '127.0.0.1', 'localhost'"
                    '-UserName kari -KeyFilePath ~/.ssh/id_ed25519' = '@connection'
                    'Import-Module NorwegianLlama'                  = "Import-Module $(& $quote $ModuleManifest); `$env:NORSK_MODEL_PATH = $(& $quote $model)"
                })

            Push-Location -LiteralPath $work
            try {
                $outcome = @(& {
                        # As in a console: the empty file's error is reported and the block goes on.
                        $ErrorActionPreference = 'Continue'
                        . ([scriptblock]::Create($code))
                        @{ Merged = @($merged); Sessions = @($sessions); Groups = $groups }
                    } 2>&1)
            }
            finally {
                Pop-Location
            }
            $problems = @($outcome | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $result = $outcome | Where-Object { $_ -is [hashtable] }
            $result | Should -Not -BeNullOrEmpty -Because "the block should run through: $($problems -join '; ')"
            $result.Sessions | Remove-PSSession

            $answered = @($written.Keys | Where-Object { $written[$_] } | ForEach-Object { Join-Path $brev $_ })
            $result.Merged.Source | Should -Be $answered
            foreach ($answer in $result.Merged) {
                # Input starts the text the answer was written for (a longer one is cut short with '…'): it must be the
                # text of the file the answer is labelled with. The texts differ from their first words.
                $text = $written[(Split-Path -Leaf $answer.Source)].Trim()
                $text.StartsWith($answer.Input.TrimEnd('…').Trim()) | Should -BeTrue -Because "the answer labelled $($answer.Source) has Input '$($answer.Input)'"
            }
            @(Import-Csv -LiteralPath (Join-Path $work 'brev.csv')).Source | Should -Be $answered

            # The empty file's error belongs to the empty file: its session and its position in that session's group.
            $problems.Count | Should -Be 1 -Because "$($problems -join '; ')"
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InputEmpty*'
            $group = [array]::IndexOf(@($result.Sessions.InstanceId), $problems[0].OriginInfo.RunspaceID)
            $group | Should -BeGreaterOrEqual 0
            $number = [regex]::Match($problems[0].Exception.Message, "'InputObject\[(?<n>\d+)\]'")
            $number.Success | Should -BeTrue -Because $problems[0].Exception.Message
            $result.Groups[$group][[int]$number.Groups['n'].Value - 1].Name | Should -Be 'b-tom.txt'
        }

        It 'copies the staged module to a host with the commands of "Setting up each host"' {
            $destination = Join-Path $TestDrive 'opt-norsk'
            $stage = Split-Path $ModuleManifest
            $version = Split-Path -Leaf $stage
            $code = Convert-DocsBlock (Get-DocsBlock '4. **The module.** The staged module (`output/NorwegianLlama/<version>/`) contains llama.cpp built') ([ordered]@{
                    '/opt/norsk'              = "'$destination'"
                    './output/NorwegianLlama' = "'$(Split-Path $stage)'"
                })
            $s = New-PSSession -HostName '127.0.0.1' @connection
            try {
                & { . ([scriptblock]::Create($code)) }
                $copied = Join-Path $destination "NorwegianLlama/$version/NorwegianLlama.psd1"
                $imported = Invoke-Command -Session $s -ArgumentList $copied -ScriptBlock {
                    param($Manifest)
                    Import-Module $Manifest
                    (Get-Module NorwegianLlama).ModuleBase
                    @(Get-Command -Module NorwegianLlama).Count
                }
                $imported[0] | Should -Be (Split-Path $copied)
                $imported[1] | Should -Be @((Import-PowerShellDataFile -Path $ModuleManifest).CmdletsToExport).Count
            }
            finally {
                $s | Remove-PSSession
            }
        }
    }

    Context 'a failing host' {
        It 'names the host that cannot be reached, and a bad file with its host, and keeps the rest' {
            $mixed = Join-Path $TestDrive 'mixed'
            New-Item -ItemType Directory -Path $mixed | Out-Null
            Copy-Item -LiteralPath $files[0].FullName, $files[2].FullName, $files[3].FullName -Destination $mixed
            Set-Content -LiteralPath (Join-Path $mixed 'b-tom.txt') -Value '   ' -Encoding utf8NoBOM
            $inputs = @(Get-ChildItem -LiteralPath $mixed | Sort-Object Name)
            $csv = Join-Path $TestDrive 'partial.csv'
            $partial = $run.Clone()
            $partial.Path = $mixed

            # 127.0.0.2 is loopback too, but nothing listens there: the connection is refused at once.
            $answered = & $example @partial @remote -HostName '127.0.0.1', '127.0.0.2' -OutputCsv $csv -ErrorAction SilentlyContinue -ErrorVariable problems

            @($problems).Count | Should -Be 2
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InputEmpty,*'
            $problems[0].TargetObject | Should -Be $inputs[1].FullName
            $problems[0].Exception.Message | Should -BeLike "Host '127.0.0.1': $($inputs[1].FullName): *"
            $problems[1].FullyQualifiedErrorId | Should -BeLike 'HostFailed,*'
            $problems[1].TargetObject | Should -Be '127.0.0.2'
            $problems[1].Exception.Message | Should -BeLike "Host '127.0.0.2' did not answer its 2 file(s) (c-buss.txt … d-vaer.txt):*"
            @(Import-Csv -LiteralPath $csv).Source | Should -Be $inputs[0].FullName
            $answered.Source | Should -Be $inputs[0].FullName
        }

        It 'names the host whose session fails to run the work' {
            $csv = Join-Path $TestDrive 'failed.csv'
            $answered = & $example @run @remote -HostName '127.0.0.1' -RemoteModulePath (Join-Path $TestDrive 'missing/NorwegianLlama.psd1') -OutputCsv $csv -ErrorAction SilentlyContinue -ErrorVariable problems
            @($answered).Count | Should -Be 0
            @($problems).Count | Should -Be 1
            $problems[0].Exception.Message | Should -BeLike "Host '127.0.0.1' did not answer its 6 file(s) (a-fjord.txt … f-fjell.txt):*NorwegianLlama.psd1*"
            @(Import-Csv -LiteralPath $csv).Count | Should -Be 0
        }
    }
}
