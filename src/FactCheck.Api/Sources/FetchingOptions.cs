using System.ComponentModel.DataAnnotations;

namespace FactCheck.Api.Sources;

/// <summary>How cited sources are fetched.</summary>
public sealed class FetchingOptions
{
    public const string Section = "Fetching";

    /// <summary>Run the fetch worker in this process. Several processes may run it against one database.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Allow fetching from 127.0.0.1 and ::1 (local demos and tests). Off by default.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Ports besides 80 and 443 that may be fetched.</summary>
    public int[] AllowedPorts { get; set; } = [];

    [Range(1024, 100 * 1024 * 1024)]
    public long MaxResponseBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Largest PDF read (reports and filings are larger than pages).</summary>
    public long MaxPdfBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most pages of a PDF read; a longer one fails with the limit in its reason.</summary>
    public int MaxPdfPages { get; set; } = 500;

    /// <summary>Longest a PDF's text extraction may take.</summary>
    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Retries within one fetch, on connection errors, timeouts and 5xx.</summary>
    [Range(0, 10)]
    public int HttpRetries { get; set; } = 2;

    public TimeSpan HttpRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Fetches of one document (each with its HTTP retries) before it is marked failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second attempt; doubles each time, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a worker owns a document it took; after that another worker may take it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Most pages one API key may have waiting to be fetched; a submission that would queue more gets 429,
    /// so one caller cannot fill the queue for everyone.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPendingFetchesPerKey { get; set; } = 500;

    [Range(1, 500)]
    public int BatchSize { get; set; } = 16;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 16;

    [Range(1, 64)]
    public int MaxConcurrencyPerHost { get; set; } = 2;

    /// <summary>Circuit breaker per host: the share of failures in the sampling window that opens it.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fault injection for drills and tests: the share of HTTP attempts answered with an injected 503 by
    /// Polly's chaos strategy (0 = off), with a seed so a run can be repeated.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ChaosFaultRate { get; set; }

    public int ChaosSeed { get; set; } = 42;

    public string UserAgent { get; set; } = "FactCheckBot/1.0 (fact-checking service; fetches pages that articles cite)";
}
