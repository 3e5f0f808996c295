BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:Server = New-LoopbackServer
    $script:SavedEnvironment = @{}
    foreach ($name in 'NORSK_MODEL_DIR', 'NORSK_HF_ENDPOINT', 'NORSK_MODEL_PATH') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $env:NORSK_HF_ENDPOINT = $Server.BaseUri
    Remove-Item Env:NORSK_MODEL_PATH -ErrorAction Ignore

    # The file every route serves: a real (small) GGUF model.
    $script:SourcePath = Join-Path $TestDrive 'source.gguf'
    New-TestModel -Path $SourcePath -Spec @{ Name = 'norsk-download'; Layers = 2; Embedding = 128; FeedForward = 256 } | Out-Null
    $script:SourceBytes = [System.IO.File]::ReadAllBytes($SourcePath)
    $script:SourceSha256 = (Get-FileHash -LiteralPath $SourcePath -Algorithm SHA256).Hash.ToLowerInvariant()
    $script:Cut = [long][math]::Floor($SourceBytes.Length * 0.4)
    $script:RouteNumber = 0
    $script:ModuleVersion = (Import-PowerShellDataFile -Path $ModuleManifest).ModuleVersion

    function Add-Route {
        # Serves the source model (or whatever -Route sets) at a fresh path ending in -FileName; returns the URL.
        param([string]$FileName = 'model.gguf', [hashtable]$Route = @{}, [string]$Path)
        if (-not $Path) {
            $script:RouteNumber++
            $Path = "/files/$RouteNumber/$FileName"
        }
        $definition = [NorskTest.Route]::new()
        $definition.Body = $SourceBytes
        foreach ($key in $Route.Keys) {
            if ($key -eq 'Headers') {
                foreach ($header in $Route.Headers.GetEnumerator()) { $definition.Headers[$header.Key] = $header.Value }
            }
            else {
                $definition.$key = $Route[$key]
            }
        }
        $Server.Add($Path, $definition)
    }

    function Get-Served {
        # The requests the server saw for a URL (or path).
        param([string]$Uri)
        $Server.RequestsFor(([uri]::new([uri]$Server.BaseUri, $Uri)).AbsolutePath)
    }

    function Test-SameBytes {
        param([string]$Path)
        [System.Linq.Enumerable]::SequenceEqual([byte[]][System.IO.File]::ReadAllBytes($Path), [byte[]]$SourceBytes)
    }

    function Get-SourcePrefix {
        # The first -Length bytes of the source, zero-padded past its end (fast: no PowerShell array slicing).
        param([long]$Length)
        $bytes = [byte[]]::new($Length)
        [Array]::Copy($SourceBytes, $bytes, [math]::Min($Length, $SourceBytes.Length))
        , $bytes
    }

    function Get-HuggingFacePath {
        param([string]$Name = '13b', [string]$Quantization = 'Q4_K_M')
        "/mradermacher/Llama-2-$Name-chat-norwegian-GGUF/resolve/main/Llama-2-$Name-chat-norwegian.$Quantization.gguf"
    }
}

AfterAll {
    $Server.Dispose()
    foreach ($entry in $SavedEnvironment.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
    # The model cache is process-wide: leave it empty for the next test file.
    Remove-NorskModel -All
}

Describe 'Install-NorskModel' {
    BeforeEach {
        $script:Models = Join-Path $TestDrive "models-$([guid]::NewGuid().ToString('N'))"
        $env:NORSK_MODEL_DIR = $Models
    }

    Context 'downloads from a URL (-Uri)' {
        It 'installs the file in the models folder, byte for byte, and -PassThru describes it' {
            $uri = Add-Route -FileName 'norsk.gguf'

            $info = Install-NorskModel -Uri $uri -PassThru

            $target = Join-Path $Models 'norsk.gguf'
            $info | Should -BeOfType ([NorwegianLlama.NorskModelInfo])
            $info.Path | Should -Be $target
            $info.Name | Should -Be 'norsk-download'
            $info.SizeBytes | Should -Be $SourceBytes.Length
            Test-SameBytes $target | Should -BeTrue
            "$target.partial" | Should -Not -Exist
            $served = @(Get-Served $uri)
            $served.Count | Should -Be 1
            $served[0].Method | Should -Be 'GET'
            $served[0].Range | Should -BeNullOrEmpty
            $served[0].UserAgent | Should -Be "NorwegianLlama/$ModuleVersion"
        }

        It 'writes nothing to the pipeline without -PassThru' {
            $uri = Add-Route
            Install-NorskModel -Uri $uri | Should -BeNullOrEmpty
            Join-Path $Models 'model.gguf' | Should -Exist
        }

        It 'verifies -Sha256' {
            $uri = Add-Route
            Install-NorskModel -Uri $uri -Sha256 $SourceSha256.ToUpperInvariant() -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
                ForEach-Object Message | Should -Contain "SHA-256 $SourceSha256 matches -Sha256."
        }

        It 'warns, naming -Sha256, when there is no SHA-256 to check the download against' {
            $uri = Add-Route -FileName 'unchecked.gguf'

            Install-NorskModel -Uri $uri -WarningVariable warnings -WarningAction SilentlyContinue

            $target = Join-Path $Models 'unchecked.gguf'
            $target | Should -Exist
            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -Be ("No SHA-256 to check '$target' against: 127.0.0.1 states none and -Sha256 was not given. " +
                'To have it checked, download it again with -Force -Sha256 <the hash its publisher states>.')
        }

        It 'does not warn when -Sha256 or the server gives a SHA-256 to check' {
            $uri = Add-Route
            Install-NorskModel -Uri $uri -Sha256 $SourceSha256 -WarningVariable warnings
            $warnings | Should -BeNullOrEmpty

            $uri = Add-Route -Route @{ Headers = @{ 'X-Linked-ETag' = "`"$SourceSha256`"" } }
            Install-NorskModel -Uri $uri -Force -WarningVariable warnings
            $warnings | Should -BeNullOrEmpty
        }

        It 'resumes with a Range request after the connection is cut at 40 %' {
            $uri = Add-Route -Route @{ CutAt = 0.4; CutTimes = 1 }

            $verbose = Install-NorskModel -Uri $uri -Verbose 4>&1 | ForEach-Object Message

            $served = @(Get-Served $uri)
            $served.Count | Should -Be 2
            $served[0].Range | Should -BeNullOrEmpty
            $served[0].BytesSent | Should -Be $Cut
            $served[1].Range | Should -Be "bytes=$Cut-"
            $served[1].Status | Should -Be 206
            $served[1].BytesSent | Should -Be ($SourceBytes.Length - $Cut)
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
            $verbose | Should -Contain "Resuming at byte $($Cut.ToString('N0')) of $($SourceBytes.Length.ToString('N0'))."
        }

        It 'resumes the partial file an earlier run left behind' {
            $uri = Add-Route
            New-Item -ItemType Directory -Path $Models | Out-Null
            [System.IO.File]::WriteAllBytes((Join-Path $Models 'model.gguf.partial'), (Get-SourcePrefix $Cut))

            Install-NorskModel -Uri $uri -Sha256 $SourceSha256

            $served = @(Get-Served $uri)
            $served.Count | Should -Be 1
            $served[0].Range | Should -Be "bytes=$Cut-"
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
            Join-Path $Models 'model.gguf.partial' | Should -Not -Exist
        }

        It 'finishes from a partial file that <Case>' -TestCases @(
            @{ Case = 'already holds the whole file'; Extra = 0; Requests = 1 }
            @{ Case = 'is longer than the file'; Extra = 100; Requests = 2 }
        ) {
            param($Case, $Extra, $Requests)
            $uri = Add-Route
            New-Item -ItemType Directory -Path $Models | Out-Null
            [System.IO.File]::WriteAllBytes((Join-Path $Models 'model.gguf.partial'), (Get-SourcePrefix ($SourceBytes.Length + $Extra)))

            Install-NorskModel -Uri $uri -Sha256 $SourceSha256

            $served = @(Get-Served $uri)
            $served.Count | Should -Be $Requests
            $served[0].Range | Should -Be "bytes=$($SourceBytes.Length + $Extra)-"
            $served[0].Status | Should -Be 416
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
        }

        It 'starts over when the server ignores the Range request' {
            $uri = Add-Route -Route @{ SupportsRange = $false }
            New-Item -ItemType Directory -Path $Models | Out-Null
            # Junk that would corrupt the file if it were kept.
            [System.IO.File]::WriteAllBytes((Join-Path $Models 'model.gguf.partial'), [byte[]]::new($Cut + 1000))

            Install-NorskModel -Uri $uri

            $served = @(Get-Served $uri)
            $served.Count | Should -Be 1
            $served[0].Range | Should -Be "bytes=$($Cut + 1000)-"
            $served[0].Status | Should -Be 200
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
        }

        It 'keeps the partial file and says how to resume when the connection stays broken' {
            $uri = Add-Route -Route @{ CutAt = 0.4; CutTimes = 100 }

            Install-NorskModel -Uri $uri -MaximumRetryCount 0 -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ModelDownloadNetworkError,NorwegianLlama.Commands.InstallNorskModelCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $problems[0].Exception.Message | Should -Match 'run the same command again to resume'
            Join-Path $Models 'model.gguf' | Should -Not -Exist
            (Get-Item -LiteralPath (Join-Path $Models 'model.gguf.partial')).Length | Should -Be $Cut
        }

        It 'retries a 503 answer and then succeeds' {
            $uri = Add-Route -Route @{ FailTimes = 1; FailStatus = 503 }
            Install-NorskModel -Uri $uri -MaximumRetryCount 1
            @(Get-Served $uri).Status | Should -Be @(503, 200)
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
        }

        It 'fails on a SHA-256 mismatch and leaves nothing at the final path' {
            $uri = Add-Route
            $wrong = 'ab' * 32

            Install-NorskModel -Uri $uri -Sha256 $wrong -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ModelDownloadHashMismatch,NorwegianLlama.Commands.InstallNorskModelCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $problems[0].Exception.Message | Should -Match $SourceSha256
            $problems[0].Exception.Message | Should -Match $wrong
            Join-Path $Models 'model.gguf' | Should -Not -Exist
            Join-Path $Models 'model.gguf.partial' | Should -Not -Exist
        }

        It 'reports <Case> as <ErrorId> (<Category>) and leaves nothing behind' -TestCases @(
            @{ Case = 'a missing file (404)'; Route = $null; ErrorId = 'ModelDownloadNotFound'; Category = 'ObjectNotFound'; Message = '404' }
            @{ Case = 'a login wall (401)'; Route = @{ Status = 401; Headers = @{ 'X-Error-Message' = 'Access to this repo is restricted.' } }; ErrorId = 'ModelDownloadUnauthorized'; Category = 'PermissionDenied'; Message = 'Access to this repo is restricted' }
            @{ Case = 'a refusal (403)'; Route = @{ Status = 403 }; ErrorId = 'ModelDownloadUnauthorized'; Category = 'PermissionDenied'; Message = '403' }
            @{ Case = 'a server that keeps failing (500)'; Route = @{ FailTimes = 100; FailStatus = 500 }; ErrorId = 'ModelDownloadHttpError'; Category = 'InvalidResult'; Message = '500' }
        ) {
            param($Case, $Route, $ErrorId, $Category, $Message)
            $uri = if ($Route) { Add-Route -Route $Route } else { "$($Server.BaseUri)/files/nowhere/model.gguf" }

            Install-NorskModel -Uri $uri -MaximumRetryCount 0 -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be "$ErrorId,NorwegianLlama.Commands.InstallNorskModelCommand"
            $problems[0].CategoryInfo.Category | Should -Be $Category
            $problems[0].Exception.Message | Should -Match ([regex]::Escape($Message))
            $problems[0].Exception.Message | Should -Match ([regex]::Escape($uri))
            $problems[0].TargetObject | Should -Be ([uri]$uri)
            @(Get-ChildItem -LiteralPath $Models -Force -ErrorAction Ignore) | Should -BeNullOrEmpty
        }

        It 'reports a server that cannot be reached as ModelDownloadNetworkError' {
            # A port nothing listens on: bind one, note it, free it.
            $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $probe.Start()
            $port = $probe.LocalEndpoint.Port
            $probe.Stop()

            { Install-NorskModel -Uri "http://127.0.0.1:$port/model.gguf" -MaximumRetryCount 0 -ErrorAction Stop } |
                Should -Throw -ErrorId 'ModelDownloadNetworkError,NorwegianLlama.Commands.InstallNorskModelCommand'
            @(Get-ChildItem -LiteralPath $Models -Force -ErrorAction Ignore) | Should -BeNullOrEmpty
        }

        It 'refuses a download that is not a GGUF model, and deletes it' {
            $uri = Add-Route -Route @{ Body = [System.Text.Encoding]::UTF8.GetBytes('<html><body>Log in to continue</body></html>') }

            { Install-NorskModel -Uri $uri -ErrorAction Stop } |
                Should -Throw -ErrorId 'ModelDownloadNotGguf,NorwegianLlama.Commands.InstallNorskModelCommand'
            @(Get-ChildItem -LiteralPath $Models -Force) | Should -BeNullOrEmpty
        }

        It 'names the format of a download that is safetensors instead of GGUF' {
            $uri = Add-Route -Route @{ Body = [NorwegianLlama.TestModels.ForeignFiles]::Safetensors([string[]]@('model.embed_tokens.weight', 'lm_head.weight')) }

            $record = { Install-NorskModel -Uri $uri -ErrorAction Stop } |
                Should -Throw -ErrorId 'ModelDownloadNotGguf,NorwegianLlama.Commands.InstallNorskModelCommand' -PassThru
            $record.Exception.Message | Should -Match 'safetensors'
            $record.Exception.Message | Should -Match 'convert_hf_to_gguf'
            @(Get-ChildItem -LiteralPath $Models -Force) | Should -BeNullOrEmpty
        }

        It '-WhatIf downloads nothing' {
            $uri = Add-Route

            Install-NorskModel -Uri $uri -WhatIf

            @(Get-Served $uri) | Should -BeNullOrEmpty
            $Models | Should -Not -Exist
        }

        It 'skips an installed file, and downloads it again with -Force' {
            $uri = Add-Route
            Install-NorskModel -Uri $uri

            $verbose = Install-NorskModel -Uri $uri -Verbose 4>&1 | ForEach-Object Message
            @(Get-Served $uri).Count | Should -Be 1
            $verbose | Should -Match 'already installed'

            $again = Install-NorskModel -Uri $uri -PassThru
            $again.Path | Should -Be (Join-Path $Models 'model.gguf')

            Install-NorskModel -Uri $uri -Force
            @(Get-Served $uri).Count | Should -Be 2
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
        }

        It 'names the file after the last segment of the URL, adding .gguf when it is missing' {
            $uri = Add-Route -FileName 'my%20model' -Route @{}
            Install-NorskModel -Uri "$($uri)?download=true"
            Join-Path $Models 'my model.gguf' | Should -Exist
        }

        It 'installs into -Destination instead of the models folder' {
            $uri = Add-Route
            $elsewhere = Join-Path $TestDrive "elsewhere-$RouteNumber"
            (Install-NorskModel -Uri $uri -Destination $elsewhere -PassThru).Path | Should -Be (Join-Path $elsewhere 'model.gguf')
            $Models | Should -Not -Exist
        }

        It 'refuses <Case>' -TestCases @(
            @{ Case = 'a non-HTTP URL'; Arguments = @{ Uri = 'ftp://127.0.0.1/model.gguf' }; ErrorId = 'ModelUriInvalid' }
            @{ Case = 'a URL without a file name'; Arguments = @{ Uri = 'http://127.0.0.1:9/' }; ErrorId = 'ModelUriInvalid' }
            @{ Case = 'a -Destination that is a file'; Arguments = @{ Uri = 'http://127.0.0.1:9/model.gguf'; Destination = 'FILE' }; ErrorId = 'ModelDestinationInvalid' }
            @{ Case = 'a -Destination on another provider'; Arguments = @{ Uri = 'http://127.0.0.1:9/model.gguf'; Destination = 'Env:\' }; ErrorId = 'ModelDestinationInvalid' }
        ) {
            param($Case, $Arguments, $ErrorId)
            if ($Arguments.Destination -eq 'FILE') {
                $Arguments.Destination = $SourcePath
            }
            { Install-NorskModel @Arguments } | Should -Throw -ErrorId "$ErrorId,NorwegianLlama.Commands.InstallNorskModelCommand"
        }

        It 'refuses a -Sha256 that is not 64 hex digits' {
            { Install-NorskModel -Uri 'http://127.0.0.1:9/model.gguf' -Sha256 'abc' } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,NorwegianLlama.Commands.InstallNorskModelCommand'
        }

        It 'says when another download of the same file is running' {
            $uri = Add-Route
            New-Item -ItemType Directory -Path $Models | Out-Null
            $lock = [System.IO.FileStream]::new((Join-Path $Models 'model.gguf.partial'), 'OpenOrCreate', 'ReadWrite', 'None')
            try {
                { Install-NorskModel -Uri $uri -ErrorAction Stop } |
                    Should -Throw -ErrorId 'ModelDownloadInProgress,NorwegianLlama.Commands.InstallNorskModelCommand'
                Join-Path $Models 'model.gguf.partial' | Should -Exist -Because "the other download's file is left alone"
            }
            finally {
                $lock.Dispose()
            }
            @(Get-Served $uri) | Should -BeNullOrEmpty
        }

        It 'reports a full disk as ModelDownloadDiskFull' -Skip:(-not $IsLinux) {
            $uri = Add-Route
            New-Item -ItemType Directory -Path $Models | Out-Null
            # Every write to /dev/full fails with ENOSPC.
            New-Item -ItemType SymbolicLink -Path (Join-Path $Models 'model.gguf.partial') -Target /dev/full | Out-Null

            Install-NorskModel -Uri $uri -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ModelDownloadDiskFull,NorwegianLlama.Commands.InstallNorskModelCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            Join-Path $Models 'model.gguf' | Should -Not -Exist
        }
    }

    Context 'progress and Ctrl+C' {
        BeforeAll {
            function Start-Install {
                # Runs Install-NorskModel in a runspace of its own, so the test can read its progress or stop it.
                param([hashtable]$Arguments)
                $ps = [powershell]::Create()
                $null = $ps.AddScript({
                        param($Manifest, $Folder, $Arguments)
                        $env:NORSK_MODEL_DIR = $Folder
                        Import-Module $Manifest
                        Install-NorskModel @Arguments
                    }).AddArgument($ModuleManifest).AddArgument($Models).AddArgument($Arguments)
                $ps
            }
        }

        It 'writes progress with the bytes, the rate and the time left, and completes it' {
            $uri = Add-Route -Route @{ Throttle = [int]($SourceBytes.Length / 2) }
            $ps = Start-Install @{ Uri = $uri }
            try {
                $ps.Invoke()
                $ps.Streams.Error | Should -BeNullOrEmpty
                $records = @($ps.Streams.Progress)
            }
            finally {
                $ps.Dispose()
            }

            $records | Should -Not -BeNullOrEmpty
            $records[0].Activity | Should -Be 'Downloading model.gguf'
            $running = @($records | Where-Object RecordType -EQ 'Processing' | Where-Object StatusDescription -Match ' of .* at .*/s$')
            $running | Should -Not -BeNullOrEmpty -Because ($records.StatusDescription -join '; ')
            @($running | Where-Object SecondsRemaining -GT 0) | Should -Not -BeNullOrEmpty
            @($running | Where-Object { $_.PercentComplete -gt 0 -and $_.PercentComplete -lt 100 }) | Should -Not -BeNullOrEmpty
            $records[-1].RecordType | Should -Be 'Completed'
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
        }

        It 'stops at once on Ctrl+C, keeps the partial file, and the next run resumes it' {
            $path = "/files/stall-$([guid]::NewGuid().ToString('N'))/model.gguf"
            $uri = Add-Route -Path $path -Route @{ StallAt = 0.4 }
            $partial = Join-Path $Models 'model.gguf.partial'
            $ps = Start-Install @{ Uri = $uri }
            try {
                $running = $ps.BeginInvoke()
                $deadline = [datetime]::UtcNow.AddSeconds(20)
                while (-not ((Test-Path -LiteralPath $partial) -and (Get-Item -LiteralPath $partial).Length -eq $Cut) -and [datetime]::UtcNow -lt $deadline) {
                    Start-Sleep -Milliseconds 50
                }
                (Get-Item -LiteralPath $partial).Length | Should -Be $Cut

                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                $null = $running
            }
            finally {
                $ps.Dispose()
            }

            Join-Path $Models 'model.gguf' | Should -Not -Exist
            (Get-Item -LiteralPath $partial).Length | Should -Be $Cut

            # The server now sends everything: the next run asks only for the rest.
            $null = Add-Route -Path $path
            Install-NorskModel -Uri $uri -Sha256 $SourceSha256
            (Get-Served $uri)[-1].Range | Should -Be "bytes=$Cut-"
            Test-SameBytes (Join-Path $Models 'model.gguf') | Should -BeTrue
            $partial | Should -Not -Exist
        }
    }

    Context 'downloads from Hugging Face by default' {
        It 'fetches the 13B Q4_K_M through the resolve URL and checks the X-Linked-ETag' {
            $cdn = Add-Route -FileName 'blob'
            $null = Add-Route -Path (Get-HuggingFacePath) -Route @{ RedirectTo = $cdn; Headers = @{ 'X-Linked-ETag' = "`"$SourceSha256`""; 'X-Linked-Size' = "$($SourceBytes.Length)" } }

            $verbose = Install-NorskModel -PassThru -Verbose 4>&1
            $info = $verbose | Where-Object { $_ -is [NorwegianLlama.NorskModelInfo] }
            $messages = $verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

            $info.Path | Should -Be (Join-Path $Models 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf')
            Test-SameBytes $info.Path | Should -BeTrue
            @(Get-Served (Get-HuggingFacePath)).Count | Should -Be 1
            @(Get-Served $cdn).Count | Should -Be 1
            $messages | Should -Contain "SHA-256 $SourceSha256 matches the X-Linked-ETag header from 127.0.0.1."
        }

        It 'spells -Name and -Quantization the way the repository does' {
            $cdn = Add-Route -FileName 'blob'
            $null = Add-Route -Path (Get-HuggingFacePath 7b Q5_K_M) -Route @{ RedirectTo = $cdn; Headers = @{ 'X-Linked-ETag' = $SourceSha256 } }

            (Install-NorskModel 7B -Quantization q5_k_m -PassThru).Path | Should -Be (Join-Path $Models 'Llama-2-7b-chat-norwegian.Q5_K_M.gguf')
        }

        It 'deletes a download whose SHA-256 differs from the X-Linked-ETag' {
            $cdn = Add-Route -FileName 'blob'
            $null = Add-Route -Path (Get-HuggingFacePath 7b Q8_0) -Route @{ RedirectTo = $cdn; Headers = @{ 'X-Linked-ETag' = "`"$('0' * 64)`"" } }

            Install-NorskModel -Name 7b -Quantization Q8_0 -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ModelDownloadHashMismatch,NorwegianLlama.Commands.InstallNorskModelCommand'
            $problems[0].Exception.Message | Should -Match 'X-Linked-ETag'
            @(Get-ChildItem -LiteralPath $Models -Force) | Should -BeNullOrEmpty
        }

        It 'lets -Sha256 override the hash the server states' {
            $cdn = Add-Route -FileName 'blob'
            $null = Add-Route -Path (Get-HuggingFacePath 7b Q6_K) -Route @{ RedirectTo = $cdn; Headers = @{ 'X-Linked-ETag' = "`"$('0' * 64)`"" } }
            Install-NorskModel 7b -Quantization Q6_K -Sha256 $SourceSha256
            Join-Path $Models 'Llama-2-7b-chat-norwegian.Q6_K.gguf' | Should -Exist
        }

        It 'uses https://huggingface.co and the per-user data folder when nothing overrides them' -Skip:(-not $IsLinux) {
            $data = Join-Path $TestDrive 'xdg-data'
            $result = Invoke-ChildPwsh -Script @"
Remove-Item Env:NORSK_MODEL_DIR, Env:NORSK_HF_ENDPOINT -ErrorAction Ignore
`$env:XDG_DATA_HOME = '$data'
Import-Module `$ModuleManifest
Install-NorskModel 7b -WhatIf
"@
            $result.ExitCode | Should -Be 0 -Because $result.StdErr
            $text = $result.StdOut -replace '\s+', ''
            $text | Should -Match ([regex]::Escape('https://huggingface.co/mradermacher/Llama-2-7b-chat-norwegian-GGUF/resolve/main/Llama-2-7b-chat-norwegian.Q4_K_M.gguf'))
            $text | Should -Match ([regex]::Escape((Join-Path $data 'NorwegianLlama/models/Llama-2-7b-chat-norwegian.Q4_K_M.gguf')))
            Join-Path $data 'NorwegianLlama' | Should -Not -Exist
        }

        It 'completes -Name and -Quantization' {
            $line = 'Install-NorskModel -Quantization Q5'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be @('Q5_K_M', 'Q5_K_S')
            $line = 'Install-NorskModel -Name '
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be @('13b', '7b')
            $line = 'Install-NorskModel -Quantization '
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count | Should -Be 12
        }
    }
}

Describe 'Installed models' {
    BeforeEach {
        Remove-NorskModel -All
        $script:Models, $script:Outside = New-InstalledModels -Source $SourcePath
    }

    AfterEach {
        Remove-NorskModel -All
    }

    Context 'Get-NorskModelInfo -ListAvailable' {
        It 'lists the installed models, by name, without partial downloads or other files' {
            $infos = @(Get-NorskModelInfo -ListAvailable)
            $infos | ForEach-Object { $_ | Should -BeOfType ([NorwegianLlama.NorskModelInfo]) }
            $infos.Path | Should -Be @(
                (Join-Path $Models 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf')
                (Join-Path $Models 'Llama-2-13b-chat-norwegian.Q8_0.gguf')
                (Join-Path $Models 'Llama-2-7b-chat-norwegian.Q4_K_M.gguf')
                (Join-Path $Models 'other.gguf'))
            $infos.IsLoaded | Should -Not -Contain $true
        }

        It 'marks a loaded model' {
            Import-NorskModel -LiteralPath (Join-Path $Models 'other.gguf')
            (Get-NorskModelInfo -ListAvailable | Where-Object IsLoaded).Path | Should -Be (Join-Path $Models 'other.gguf')
        }

        It 'returns nothing when the models folder does not exist' {
            $env:NORSK_MODEL_DIR = Join-Path $TestDrive 'never-created'
            Get-NorskModelInfo -ListAvailable | Should -BeNullOrEmpty
        }

        It 'reports a damaged installed model and lists the rest' {
            Set-Content -LiteralPath (Join-Path $Models 'broken.gguf') -Value 'nope'
            $infos = Get-NorskModelInfo -ListAvailable -ErrorAction SilentlyContinue -ErrorVariable problems
            @($infos).Count | Should -Be 4
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelFileNotGguf,*'
        }
    }

    Context 'model resolution' {
        BeforeEach {
            Remove-Item Env:NORSK_MODEL_PATH -ErrorAction Ignore
        }

        It 'uses the installed 13B Q4_K_M when nothing names a model' {
            $default = Join-Path $Models 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf'
            (ConvertTo-NorskPrompt 'Hei').Model | Should -Be $default
            (Invoke-NorskChat 'Hei' -SystemPrompt '' -MaxTokens 2 -Seed 1).Model | Should -Be $default
        }

        It 'falls back to the first installed model by name without the 13B Q4_K_M' {
            Remove-Item -LiteralPath (Join-Path $Models 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf')
            (ConvertTo-NorskPrompt 'Hei').Model | Should -Be (Join-Path $Models 'Llama-2-13b-chat-norwegian.Q8_0.gguf')
        }

        It 'prefers $env:NORSK_MODEL_PATH and the loaded model to the installed default' {
            $env:NORSK_MODEL_PATH = $Outside
            try {
                (ConvertTo-NorskPrompt 'Hei').Model | Should -Be $Outside
            }
            finally {
                Remove-Item Env:NORSK_MODEL_PATH
            }
            Import-NorskModel -LiteralPath $Outside
            (ConvertTo-NorskPrompt 'Hei').Model | Should -Be $Outside
        }

        It 'names Install-NorskModel when no model is installed' {
            $env:NORSK_MODEL_DIR = Join-Path $TestDrive 'empty-models'
            { Invoke-NorskChat 'Hei' -ErrorAction Stop } | Should -Throw -ErrorId 'ModelNotSpecified,NorwegianLlama.Commands.InvokeNorskChatCommand'
            try { Invoke-NorskChat 'Hei' } catch { $_.Exception.Message | Should -Match 'Run Install-NorskModel' }
        }

        It 'completes -ModelPath with the installed models' {
            $line = 'Invoke-NorskChat -ModelPath Llama-2-13'
            $completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches)
            $completions.ListItemText | Should -Be @('Llama-2-13b-chat-norwegian.Q4_K_M.gguf', 'Llama-2-13b-chat-norwegian.Q8_0.gguf')
            $completions[0].CompletionText.Trim("'") | Should -Be (Join-Path $Models 'Llama-2-13b-chat-norwegian.Q4_K_M.gguf')
            $line = 'ConvertTo-NorskPrompt Hei -ModelPath oth'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).ListItemText | Should -Be @('other.gguf')
        }
    }
}
