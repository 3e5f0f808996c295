# Dot-sourced by the benchmark scripts: the model shapes, and the plain LLamaSharp loop loaded next to the module.

# Llama-2-7B width (embedding 4096, feed-forward 11008, 32 heads) with only 4 of its 32 layers, the real 32,000-token
# vocabulary and 4,096-token context: every matrix has a real model's shape, so llama.cpp does per-layer and
# per-token work of the real kind, just fewer layers of it. Written as F16, then quantised to Q4_K_M.
$script:BenchModelSpec = [ordered]@{
    Name           = 'norsk-bench-7b-width-4-layers'
    Layers         = 4
    Embedding      = 4096
    Heads          = 32
    FeedForward    = 11008
    ContextLength  = 4096
    VocabularySize = 32000
    TensorType     = 'F16'
    Seed           = 1
}
$script:BenchModelQuantisation = 'MOSTLY_Q4_K_M'

# Real vocabulary and context, negligible compute: what a call costs beyond llama.cpp's own work.
$script:SmallModelSpec = [ordered]@{
    Name           = 'norsk-bench-small'
    Layers         = 2
    Embedding      = 64
    Heads          = 4
    FeedForward    = 128
    ContextLength  = 4096
    VocabularySize = 32000
    TensorType     = 'F16'
    Seed           = 1
}

function Get-BenchModelPath {
    param([Parameter(Mandatory)][string]$OutputPath)
    [pscustomobject]@{
        Bench    = Join-Path $OutputPath 'models/bench-7b-width-4l.Q4_K_M.gguf'
        Small    = Join-Path $OutputPath 'models/small.F16.gguf'
        Manifest = Join-Path $OutputPath 'models/models.json'
    }
}

function Import-PlainLlama {
    <#
    Loads the plain-loop assembly into the module's AssemblyLoadContext, so its LLamaSharp reference resolves to
    the module's copy: one LLamaSharp and one llama.cpp in the process, shared by both sides of every comparison.
    Returns the PlainLlama type.
    #>
    param([Parameter(Mandatory)][string]$AssemblyPath)

    $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'NorwegianLlama'
    if (-not $context) {
        throw 'The NorwegianLlama module must be imported before the plain loop is loaded.'
    }

    $assembly = $context.LoadFromAssemblyPath((Resolve-Path -LiteralPath $AssemblyPath).Path)
    $plain = $assembly.GetType('NorwegianLlama.Bench.PlainLlama', $true)

    # Binding happens on first use: touch LLamaSharp, then make sure exactly one copy is loaded.
    $location = $plain::LLamaSharpLocation
    $copies = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'LLamaSharp' })
    if ($copies.Count -ne 1) {
        throw "Expected one LLamaSharp in the process, found $($copies.Count): $($copies.Location -join ', ')."
    }

    $moduleBin = Split-Path -Parent ([NorwegianLlama.Shared.LoadContext].Assembly.Location)
    if ((Split-Path -Parent $location) -ne $moduleBin) {
        throw "The plain loop bound to LLamaSharp at '$location', not the module's copy in '$moduleBin'."
    }

    $plain
}

# The real Llama-2 vocabulary and merge ranks come from this npm package (see Export-LlamaVocabulary.mjs).
$script:RealVocabularyPackage = 'llama-tokenizer-js'
$script:RealVocabularyPackageVersion = '1.2.2'

function Get-RealScaleModelPath {
    <# The sparse real-shaped model of one size, the exported vocabulary and the record of how the model was made. #>
    param([Parameter(Mandatory)][string]$OutputPath, [Parameter(Mandatory)][string]$Size)
    $folder = Join-Path $OutputPath 'real'
    [pscustomobject]@{
        Model      = Join-Path $folder "llama-2-$($Size.ToLowerInvariant())-shape.Q4_K_M.gguf"
        Vocabulary = Join-Path $folder 'llama-2-vocabulary.json'
        Manifest   = Join-Path $folder "llama-2-$($Size.ToLowerInvariant())-shape.json"
    }
}
