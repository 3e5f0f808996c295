BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # The package exactly as build.ps1 -Task Package makes it (the staged folder with every platform's natives
    # added, through Compress-PSResource), made once, from a copy so that the staged module stays as built.
    $script:Version = (Import-PowerShellDataFile -Path $ModuleManifest).ModuleVersion
    $script:Stage = Join-Path $TestDrive "stage/NorwegianLlama/$Version"
    New-Item -ItemType Directory -Path (Split-Path $Stage) | Out-Null
    Copy-Item -LiteralPath (Split-Path $ModuleManifest) -Destination $Stage -Recurse
    $script:Platforms = @(& (Join-Path $PSScriptRoot '../tools/Add-AllPlatformNatives.ps1') -Stage $Stage -PackageFolder $env:NORSK_TEST_PACKAGES)
    $script:Feed = Join-Path $TestDrive 'feed'
    New-Item -ItemType Directory -Path $Feed | Out-Null
    Compress-PSResource -Path $Stage -DestinationPath $Feed
    $script:Package = Join-Path $Feed "NorwegianLlama.$Version.nupkg"

    function Get-PackageEntry {
        # Entry names as NuGet writes them: '/'-separated and percent-escaped.
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try { @($zip.Entries | ForEach-Object { [Uri]::UnescapeDataString($_.FullName) }) } finally { $zip.Dispose() }
    }

    function Get-PackageNuspec {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $entry = $zip.Entries | Where-Object FullName -Like '*.nuspec' | Select-Object -First 1
            $reader = [System.IO.StreamReader]::new($entry.Open())
            try { [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }
}

Describe 'The package' {
    It 'carries LICENSE and CHANGELOG.md, in the staged module and in the .nupkg' {
        $Package | Should -Exist
        foreach ($name in 'LICENSE', 'CHANGELOG.md') {
            Join-Path $Stage $name | Should -Exist
            Get-PackageEntry | Should -Contain $name
        }
        Get-Content -LiteralPath (Join-Path $Stage 'LICENSE') -Raw | Should -Match '^MIT License'
        Get-Content -LiteralPath (Join-Path $Stage 'CHANGELOG.md') -Raw | Should -Match "## \[$([regex]::Escape($Version))\]"
    }

    It 'carries this version''s release notes in the manifest, not a pointer to a file' {
        $notes = (Import-PowerShellDataFile -Path $ModuleManifest).PrivateData.PSData.ReleaseNotes
        $notes | Should -Match "^$([regex]::Escape($Version))\b"
        $notes | Should -Not -Match '^See '
        (Get-PackageNuspec).package.metadata.releaseNotes | Should -Match "^$([regex]::Escape($Version))\b"
    }

    It 'holds llama.cpp for <Rid> in <Folders>' -ForEach @(
        @{ Rid = 'win-x64'; Library = 'llama.dll'; Folders = @('avx512', 'avx2', 'avx', 'noavx') }
        @{ Rid = 'win-arm64'; Library = 'llama.dll'; Folders = @('') }
        @{ Rid = 'linux-x64'; Library = 'libllama.so'; Folders = @('avx512', 'avx2', 'avx', 'noavx') }
        @{ Rid = 'linux-musl-x64'; Library = 'libllama.so'; Folders = @('avx512', 'avx2', 'avx', 'noavx') }
        @{ Rid = 'linux-arm64'; Library = 'libllama.so'; Folders = @('') }
        @{ Rid = 'osx-x64'; Library = 'libllama.dylib'; Folders = @('', 'rosetta2') }
        @{ Rid = 'osx-arm64'; Library = 'libllama.dylib'; Folders = @('') }
    ) {
        $Platforms | Should -Contain $Rid
        $entries = Get-PackageEntry
        foreach ($folder in $Folders) {
            $native = ("bin/runtimes/$Rid/native/$folder/" -replace '/+', '/')
            foreach ($file in $Library, ($Library -replace 'llama', 'ggml-base'), ($Library -replace 'llama', 'ggml-cpu')) {
                $entries | Should -Contain "$native$file"
            }
        }
    }

    It 'holds the help in English, the same Bokmål help for nb-NO, nn-NO and no, and the Bokmål messages' {
        $entries = Get-PackageEntry
        foreach ($culture in 'en-US', 'nb-NO', 'nn-NO', 'no') {
            $entries | Should -Contain "$culture/NorwegianLlama.dll-Help.xml"
            $entries | Should -Contain "$culture/about_NorwegianLlama.help.txt"
        }
        $entries | Should -Contain 'bin/nb/NorwegianLlama.resources.dll'
    }

    It 'holds the Metal library for Apple Silicon' {
        Get-PackageEntry | Should -Contain 'bin/runtimes/osx-arm64/native/libggml-metal.dylib'
    }

    It 'says which llama.cpp build a copy lacks, rather than LLamaSharp''s generic failure' {
        $bare = Join-Path $TestDrive "bare/NorwegianLlama/$Version"
        New-Item -ItemType Directory -Path (Split-Path $bare) -Force | Out-Null
        Copy-Item -LiteralPath (Split-Path $ModuleManifest) -Destination $bare -Recurse
        Remove-Item -LiteralPath (Join-Path $bare 'bin/runtimes') -Recurse -Force
        $model = Join-Path $TestDrive 'bare.gguf'
        New-TestModel -Path $model | Out-Null
        $result = Invoke-ChildPwsh -Script @"
Import-Module '$(Join-Path $bare 'NorwegianLlama.psd1')'
try { Invoke-NorskChat 'Hei' -ModelPath '$model' -MaxTokens 1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $lines = $result.StdOut.Trim() -split '\r?\n'
        $lines[0] | Should -BeLike 'NativeLibraryUnavailable,*'
        $lines[1] | Should -Match 'holds no llama\.cpp build for \S+ \(no \S*llama\.\w+ in runtimes/'
    }

    It 'names as operating systems in its tags exactly those whose natives it holds' {
        $systems = @{ linux = 'Linux'; win = 'Windows'; osx = 'MacOS' }
        $held = @(Get-PackageEntry | Where-Object { $_ -match '^bin/runtimes/(?<rid>[^/]+)/native/' } |
                ForEach-Object { $systems[($Matches.rid -split '-')[0]] } | Sort-Object -Unique)
        $held | Should -Not -BeNullOrEmpty -Because 'the package holds llama.cpp for at least the platform it was built on'
        $manifestTags = (Import-PowerShellDataFile -Path $ModuleManifest).PrivateData.PSData.Tags
        $nuspecTags = -split (Get-PackageNuspec).package.metadata.tags
        foreach ($tags in @{ Origin = 'manifest'; Tags = $manifestTags }, @{ Origin = 'nuspec'; Tags = $nuspecTags }) {
            @($tags.Tags | Where-Object { $_ -in $systems.Values } | Sort-Object -Unique) | Should -Be $held -Because "the $($tags.Origin) tags"
            $tags.Tags | Should -Contain 'PSEdition_Core' -Because "the $($tags.Origin) tags; CompatiblePSEditions is Core only"
        }
    }

    It 'installs with PSResourceGet and works from where it was installed' {
        $model = Join-Path $TestDrive 'package.gguf'
        New-TestModel -Path $model -Spec @{ ContextLength = 1024 } | Out-Null
        $installed = Join-Path $TestDrive 'installed'
        New-Item -ItemType Directory -Path $installed | Out-Null
        $Package | Should -Exist

        $repository = "NorwegianLlamaTest$PID"
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        try {
            Save-PSResource -Name NorwegianLlama -Repository $repository -Path $installed -TrustRepository
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }

        $manifest = Join-Path $installed "NorwegianLlama/$version/NorwegianLlama.psd1"
        $manifest | Should -Exist
        Join-Path (Split-Path $manifest) 'LICENSE' | Should -Exist
        $result = Invoke-ChildPwsh -Script @"
Import-Module '$manifest'
(Get-Command -Module NorwegianLlama).Count
(Invoke-NorskChat 'Hei' -ModelPath '$model' -SystemPrompt '' -MaxTokens 3 -Seed 1).CompletionTokenCount -gt 0
(Get-Module NorwegianLlama).ModuleBase
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() -split '\r?\n' | Should -Be @("$(@((Import-PowerShellDataFile -Path $ModuleManifest).CmdletsToExport).Count)", 'True', (Split-Path $manifest))

        # The Bokmål messages load from the installed satellite assembly, not only from the build output.
        $norwegian = Invoke-ChildPwsh -Environment @{ LC_ALL = 'nb_NO.UTF-8'; LANG = 'nb_NO.UTF-8' } -Script @"
Import-Module '$manifest'
try { Invoke-NorskChat 'Hei' -ModelPath '$(Join-Path $TestDrive 'mangler.gguf')' -ErrorAction Stop } catch { `$_.Exception.Message }
"@
        $norwegian.ExitCode | Should -Be 0 -Because $norwegian.StdErr
        $norwegian.StdOut.Trim() | Should -BeLike 'Modellfilen «*mangler.gguf» finnes ikke.'
    }
}
