using System;
using System.Linq;
using System.Net.Http;
using NorwegianLlama.Resources;

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
                throw new ArgumentException(StoreMessages.EndpointNotHttp(EndpointVariable, configured));
            }

            return endpoint;
        }
    }

    public static string Repository(string name) => $"mradermacher/Llama-2-{name}-chat-norwegian-GGUF";

    public static Uri ResolveUri(string name, string quantization) =>
        new(Endpoint, $"{Repository(name)}/resolve/main/{ModelCatalog.FileName(name, quantization)}");

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
