using System.Diagnostics;
using System.Diagnostics.Metrics;

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

    /// <summary>A fetch ended: <paramref name="outcome"/> (fetched, failed…) and a short, bounded <paramref name="reason"/>.</summary>
    public void FetchCompleted(string outcome, string reason) =>
        fetches.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("reason", reason));

    public void ArticleVerified(TimeSpan elapsed) => verification.Record(elapsed.TotalSeconds);
}

/// <param name="OldestDueAge">Seconds.</param>
public sealed record QueueSample(long PendingFetches, long DueFetches, double OldestDueAge, long PendingVerifications);
