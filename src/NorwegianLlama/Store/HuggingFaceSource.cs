using System;
using System.Linq;
using System.Net.Http;

namespace NorwegianLlama.Store;

/// <summary>
/// Where the Norwegian models live on Hugging Face (mradermacher's GGUF conversions), and how Hugging Face
/// states a file's SHA-256.
/// </summary>
internal static class HuggingFaceSource
{
    /// <summary>Overrides https://huggingface.co, like huggingface_hub's HF_ENDPOINT (mirrors, tests).</summary>
    public const string EndpointVariable = "NORSK_HF_ENDPOINT";
    public const string DefaultEndpoint = "https://huggingface.co";

    public const string DefaultName = "13b";
    public const string DefaultQuantization = "Q4_K_M";

    public static readonly string[] Names = ["13b", "7b"];

    /// <summary>The quantisations mradermacher publishes for both models, smallest first.</summary>
    public static readonly string[] Quantizations =
        ["Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "IQ4_XS", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "Q8_0", "f16"];

    /// <summary>Hugging Face's LFS header: the SHA-256 of the file behind a resolve URL.</summary>
    public const string LinkedEtagHeader = "X-Linked-ETag";

    public static Uri Endpoint
    {
        get
        {
            string configured = Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } value ? value : DefaultEndpoint;
            if (!Uri.TryCreate(configured.TrimEnd('/') + "/", UriKind.Absolute, out Uri? endpoint)
                || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"${EndpointVariable} ('{configured}') is not an http or https URL.");
            }

            return endpoint;
        }
    }

    /// <summary>The canonical spelling of a -Name or -Quantization value (ValidateSet accepts any case; URLs do not).</summary>
    public static string Canonical(string[] known, string value) =>
        known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase)) ?? value;

    public static string Repository(string name) => $"mradermacher/Llama-2-{name}-chat-norwegian-GGUF";

    public static string FileName(string name, string quantization) => $"Llama-2-{name}-chat-norwegian.{quantization}.gguf";

    public static Uri ResolveUri(string name, string quantization) =>
        new(Endpoint, $"{Repository(name)}/resolve/main/{FileName(name, quantization)}");

    /// <summary>
    /// The SHA-256 an X-Linked-ETag states, lower-case; null when absent or not a 64-hex LFS hash (Hugging
    /// Face sends a git blob id instead for files not stored in LFS).
    /// </summary>
    public static string? LinkedSha256(HttpResponseMessage response) =>
        response.Headers.TryGetValues(LinkedEtagHeader, out var values) ? values.Select(ParseSha256).FirstOrDefault(v => v is not null) : null;

    public static string? ParseSha256(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        string value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return value.Length == 64 && value.All(Uri.IsHexDigit) ? value.ToLowerInvariant() : null;
    }
}
