using System.Diagnostics;
using System.Diagnostics.Metrics;
using FactCheck.Api.Sources;

namespace FactCheck.Api.Telemetry;

/// <summary>
/// The service's own metrics (meter <c>FactCheck</c>). Queue gauges read the last sample the
/// <see cref="QueueSampler"/> took, so a scrape never waits on the database.
/// </summary>
public sealed class FactCheckMetrics
{
    public const string MeterName = "FactCheck";
    public static readonly ActivitySource ActivitySource = new(MeterName);

    readonly Counter<long> articles;
    readonly Counter<long> claims;
    readonly Counter<long> fetches;
    readonly Histogram<double> verification;

    public FactCheckMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName, typeof(FactCheckMetrics).Assembly.GetName().Version?.ToString());
        articles = meter.CreateCounter<long>("factcheck.articles.ingested", "{article}", "Articles stored (single-claim checks included).");
        claims = meter.CreateCounter<long>("factcheck.claims.extracted", "{claim}", "Claims extracted from stored articles.");
        fetches = meter.CreateCounter<long>("factcheck.fetch.outcomes", "{fetch}", "Fetch attempts by outcome and reason.");
        verification = meter.CreateHistogram<double>("factcheck.verification.duration", "s", "Time to verify every claim of one article.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableGauge("factcheck.fetch.queue.depth", () => Sample.PendingFetches, "{document}", "Documents waiting to be fetched (due or backing off).");
        meter.CreateObservableGauge("factcheck.fetch.queue.due", () => Sample.DueFetches, "{document}", "Documents due for fetching now.");
        meter.CreateObservableGauge("factcheck.fetch.queue.oldest_due_age", () => Sample.OldestDueAge, "s", "How long the oldest due document has waited.");
        meter.CreateObservableGauge("factcheck.verification.queue.depth", () => Sample.PendingVerifications, "{article}", "Articles waiting for verification.");
    }

    /// <summary>The latest queue sample.</summary>
    public QueueSample Sample { get; set; } = new(0, 0, 0, 0);

    public void ArticleIngested(int claimCount, bool singleClaim)
    {
        articles.Add(1, new KeyValuePair<string, object?>("single_claim", singleClaim));
        claims.Add(claimCount);
    }

    public void FetchCompleted(FetchOutcome outcome) =>
        fetches.Add(1,
            new KeyValuePair<string, object?>("outcome", outcome.Kind.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("reason", ReasonOf(outcome)));

    public void ArticleVerified(TimeSpan elapsed) => verification.Record(elapsed.TotalSeconds);

    /// <summary>A short, bounded label for why a fetch ended as it did (the full message is on the document).</summary>
    public static string ReasonOf(FetchOutcome outcome)
    {
        if (outcome.Kind is FetchOutcomeKind.Fetched) return "ok";
        if (outcome.Kind is FetchOutcomeKind.NotModified) return "not_modified";
        if (outcome.Kind is FetchOutcomeKind.Blocked) return "blocked";
        var error = outcome.Error ?? "";
        if (outcome.HttpStatus is >= 400 and < 600 && error.StartsWith("HTTP ", StringComparison.Ordinal)) return $"http_{outcome.HttpStatus}";
        if (error.StartsWith("timed out", StringComparison.Ordinal)) return "timeout";
        if (error.StartsWith("connection failed", StringComparison.Ordinal)) return "connection";
        if (error.StartsWith("circuit open", StringComparison.Ordinal)) return "circuit_open";
        if (error.StartsWith("too many concurrent", StringComparison.Ordinal)) return "host_busy";
        if (error.StartsWith("too large", StringComparison.Ordinal)) return "too_large";
        if (error.StartsWith("unsupported content type", StringComparison.Ordinal)) return "content_type";
        if (error.Contains("redirect", StringComparison.Ordinal)) return "redirects";
        if (error.StartsWith("the body broke off", StringComparison.Ordinal)) return "slow_body";
        return "other";
    }
}

/// <param name="OldestDueAge">Seconds.</param>
public sealed record QueueSample(long PendingFetches, long DueFetches, double OldestDueAge, long PendingVerifications);
