# Dot-sourced by ForeignFormats.Tests.ps1 and its child pwsh: small but well-formed model files in the formats
# that are not GGUF, written the way their own tools write them.

function New-SafetensorsBytes {
    <# 8-byte little-endian header length, a JSON header padded with spaces to 8 bytes, then F16 data. #>
    param([Parameter(Mandatory)][string[]]$TensorNames)
    $header = [ordered]@{ '__metadata__' = [ordered]@{ format = 'pt' } }
    $offset = 0
    foreach ($name in $TensorNames) {
        $header[$name] = [ordered]@{ dtype = 'F16'; shape = @(4, 4); data_offsets = @($offset, ($offset + 32)) }
        $offset += 32
    }
    $json = [System.Text.Encoding]::UTF8.GetBytes(($header | ConvertTo-Json -Compress -Depth 5))
    $padded = [int][math]::Ceiling($json.Length / 8) * 8
    $bytes = [byte[]]::new(8 + $padded + $offset)
    [BitConverter]::GetBytes([uint64]$padded).CopyTo($bytes, 0)
    $json.CopyTo($bytes, 8)
    for ($i = 8 + $json.Length; $i -lt 8 + $padded; $i++) { $bytes[$i] = 0x20 }
    $data = [byte[]]::new($offset)
    [System.Random]::new(5).NextBytes($data)
    $data.CopyTo($bytes, 8 + $padded)
    , $bytes
}

function New-TorchZipBytes {
    <# torch.save's zip layout: archive/data.pkl (a protocol-2 pickle) first, then byte order, storages, version. #>
    $entries = [ordered]@{
        'archive/data.pkl'  = [Convert]::FromHexString('80027d710028581000000070726f746f636f6c5f76657273696f6e71014de903580d0000006c6974746c655f656e6469616e710288752e')
        'archive/byteorder' = [System.Text.Encoding]::ASCII.GetBytes('little')
        'archive/data/0'    = [byte[]]::new(64)
        'archive/version'   = [System.Text.Encoding]::ASCII.GetBytes("3`n")
    }
    $stream = [System.IO.MemoryStream]::new()
    $archive = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Create, $true)
    foreach ($name in $entries.Keys) {
        $entry = $archive.CreateEntry($name, [System.IO.Compression.CompressionLevel]::NoCompression).Open()
        $entry.Write($entries[$name], 0, $entries[$name].Length)
        $entry.Dispose()
    }
    $archive.Dispose()
    , $stream.ToArray()
}

function New-GgmlBytes {
    <# A pre-GGUF header: the magic as llama.cpp wrote it (a little-endian u32) or spelled out, a version, hyperparameters. #>
    param([Parameter(Mandatory)][string]$Magic, [Nullable[uint32]]$Version, [switch]$SpelledOut)
    $magicBytes = [System.Text.Encoding]::ASCII.GetBytes($Magic)
    if (-not $SpelledOut) { [array]::Reverse($magicBytes) }
    $bytes = [System.Collections.Generic.List[byte]]::new($magicBytes)
    if ($null -ne $Version) {
        $versionBytes = [BitConverter]::GetBytes([uint32]$Version)
        if ($SpelledOut) { [array]::Reverse($versionBytes) }
        $bytes.AddRange($versionBytes)
    }
    foreach ($value in 32000, 4096, 256, 32, 32, 128, 2) { $bytes.AddRange([BitConverter]::GetBytes([uint32]$value)) }
    , $bytes.ToArray()
}

function New-LlamaConfigJson {
    param([string]$QuantizationMethod)
    $config = [ordered]@{ architectures = @('LlamaForCausalLM'); model_type = 'llama'; hidden_size = 4096; num_hidden_layers = 32; torch_dtype = 'float16' }
    if ($QuantizationMethod) {
        $config.quantization_config = [ordered]@{ bits = 4; group_size = 128; desc_act = $false; quant_method = $QuantizationMethod }
    }
    $config | ConvertTo-Json -Depth 5
}

function New-ForeignModelFiles {
    <#
    Writes one file or folder per foreign format into -Folder, named as Get-ForeignModelCases lists them.
    #>
    param([Parameter(Mandatory)][string]$Folder)
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $llama = 'model.embed_tokens.weight', 'model.layers.0.self_attn.q_proj.weight', 'model.layers.0.mlp.down_proj.weight', 'model.norm.weight', 'lm_head.weight'
    $gptq = 'model.embed_tokens.weight', 'model.layers.0.self_attn.q_proj.qweight', 'model.layers.0.self_attn.q_proj.qzeros', 'model.layers.0.self_attn.q_proj.scales', 'model.layers.0.self_attn.q_proj.g_idx', 'model.norm.weight'
    $legacyPickle = [Convert]::FromHexString('80028a0a6cfc9c46f9206aa850192e80024de9032e')

    $files = [ordered]@{
        'model.safetensors'                    = New-SafetensorsBytes -TensorNames $llama
        'gptq_model-4bit-128g.safetensors'     = New-SafetensorsBytes -TensorNames $gptq
        'pytorch_model.bin'                    = New-TorchZipBytes
        'legacy-pickle.bin'                    = $legacyPickle
        'llama-2-7b.ggml.bin'                  = New-GgmlBytes -Magic 'ggml'
        'llama-2-7b.ggmf.bin'                  = New-GgmlBytes -Magic 'ggmf' -Version 1
        'llama-2-13b-chat.ggmlv3.q4_0.bin'     = New-GgmlBytes -Magic 'ggjt' -Version 3
        'spelled-out.ggjt.bin'                 = New-GgmlBytes -Magic 'ggjt' -Version 1 -SpelledOut
    }
    foreach ($name in $files.Keys) { [System.IO.File]::WriteAllBytes((Join-Path $Folder $name), $files[$name]) }

    $hf = Join-Path $Folder 'Llama-2-13b-chat-norwegian'
    $gptqByQuantizeConfig = Join-Path $Folder 'Llama-2-13b-chat-norwegian-GPTQ'
    $gptqByConfig = Join-Path $Folder 'gptq-by-config'
    foreach ($dir in $hf, $gptqByQuantizeConfig, $gptqByConfig) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
    Set-Content -LiteralPath (Join-Path $hf 'config.json') -Value (New-LlamaConfigJson)
    Set-Content -LiteralPath (Join-Path $hf 'tokenizer_config.json') -Value '{}'
    [System.IO.File]::WriteAllBytes((Join-Path $hf 'model-00001-of-00002.safetensors'), (New-SafetensorsBytes -TensorNames $llama))
    [System.IO.File]::WriteAllBytes((Join-Path $hf 'model-00002-of-00002.safetensors'), (New-SafetensorsBytes -TensorNames $llama))
    Set-Content -LiteralPath (Join-Path $gptqByQuantizeConfig 'config.json') -Value (New-LlamaConfigJson)
    Set-Content -LiteralPath (Join-Path $gptqByQuantizeConfig 'quantize_config.json') -Value '{ "bits": 4, "group_size": 128, "desc_act": false }'
    [System.IO.File]::WriteAllBytes((Join-Path $gptqByQuantizeConfig 'model.safetensors'), (New-SafetensorsBytes -TensorNames $gptq))
    Set-Content -LiteralPath (Join-Path $gptqByConfig 'config.json') -Value (New-LlamaConfigJson -QuantizationMethod 'gptq')
    [System.IO.File]::WriteAllBytes((Join-Path $gptqByConfig 'model.safetensors'), (New-SafetensorsBytes -TensorNames $llama))
}

function Get-ForeignModelCases {
    <# What New-ForeignModelFiles writes: Case, Path (relative to its folder), the ErrorId and a pattern of the message. #>
    @(
        @{ Case = 'a safetensors file'; Path = 'model.safetensors'; ErrorId = 'ModelIsSafetensors'; Names = 'a safetensors file' }
        @{ Case = 'a GPTQ safetensors file'; Path = 'gptq_model-4bit-128g.safetensors'; ErrorId = 'ModelIsGptq'; Names = 'GPTQ-quantised safetensors' }
        @{ Case = 'a torch.save zip'; Path = 'pytorch_model.bin'; ErrorId = 'ModelIsPyTorch'; Names = 'PyTorch checkpoint \(a torch.save zip' }
        @{ Case = 'a legacy pickle'; Path = 'legacy-pickle.bin'; ErrorId = 'ModelIsPyTorch'; Names = 'PyTorch checkpoint in the legacy pickle' }
        @{ Case = 'an unversioned GGML file'; Path = 'llama-2-7b.ggml.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGML\)' }
        @{ Case = 'a GGMF file'; Path = 'llama-2-7b.ggmf.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGMF v1\)' }
        @{ Case = 'a GGJT v3 file'; Path = 'llama-2-13b-chat.ggmlv3.q4_0.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGJT v3\)' }
        @{ Case = 'a GGJT file in the other byte order'; Path = 'spelled-out.ggjt.bin'; ErrorId = 'ModelIsGgml'; Names = 'pre-GGUF GGML file \(GGJT v1\)' }
        @{ Case = 'a Hugging Face folder'; Path = 'Llama-2-13b-chat-norwegian'; ErrorId = 'ModelIsHuggingFaceFolder'; Names = 'folder of Hugging Face weights \(config.json and 2 safetensors files\)' }
        @{ Case = 'a GPTQ folder with quantize_config.json'; Path = 'Llama-2-13b-chat-norwegian-GPTQ'; ErrorId = 'ModelIsGptq'; Names = 'folder of GPTQ-quantised Hugging Face weights' }
        @{ Case = 'a GPTQ folder by its config.json'; Path = 'gptq-by-config'; ErrorId = 'ModelIsGptq'; Names = 'folder of GPTQ-quantised Hugging Face weights' }
    )
}
