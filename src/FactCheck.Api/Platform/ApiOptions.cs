using System.ComponentModel.DataAnnotations;

namespace FactCheck.Api.Platform;

/// <summary>Limits of the HTTP API.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body accepted, in bytes; larger bodies get a 413 problem.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long a replay of an Idempotency-Key is honoured.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Longest a request may run before it is stopped with a 503 problem; above the 30 s a single-claim
    /// check may be asked to wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Swagger UI and the OpenAPI document need an API key too (default: open; they describe the API and hold no
    /// data). A browser cannot send the key header, so with this on Swagger UI is reachable only through a proxy
    /// that adds it. Environment: <c>Api__DocsRequireKey</c>.
    /// </summary>
    public bool DocsRequireKey { get; set; }
}
