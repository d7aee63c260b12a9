using FactCheck.Analysis.Evidence;
using FactCheck.Api.Platform;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Verification;

public sealed class VerificationOptions
{
    public const string Section = "Verification";

    /// <summary>Run the verification worker in this process.</summary>
    public bool WorkerEnabled { get; set; } = true;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How passages are judged: <c>crossEncoder</c> (the fine-tuned MiniLM reading claim and passage together, with
    /// its verdict model; see docs/verification.md), <c>learned</c> (the earlier logistic model over embeddings and
    /// rule signals) or <c>rules</c> (the hand-written signals alone).
    /// </summary>
    public StanceEngine Stance { get; set; } = StanceEngine.CrossEncoder;

    /// <summary>
    /// Passages per source the cross-encoder reads (the best by BM25 and MiniLM; after the first, only those at MiniLM
    /// cosine ≥ 0.35); the most decisive one is kept. More finds evidence phrased unlike the claim, at the cost of time.
    /// </summary>
    public int PassagesPerSource { get; set; } = 2;
}

public enum StanceEngine { CrossEncoder, Learned, Rules }

/// <summary>Wakes the verification worker when an article's sources become final.</summary>
public sealed class VerificationSignal : Platform.WorkSignal;

/// <summary>
/// The verification queue is the articles table: an article in status <c>verifying</c> is a job. A worker
/// leases one with <c>FOR UPDATE SKIP LOCKED</c>, verifies its claims, and marks it <c>verified</c> if it
/// still holds the lease and the article was not sent back to fetching meanwhile (a refetch or a new
/// citation), in which case it is verified again once its sources are final.
/// </summary>
public sealed class VerificationWorker(IServiceScopeFactory scopes, Platform.SchemaGate schema, VerificationSignal signal, IOptions<VerificationOptions> options,
    TimeProvider time, Telemetry.FactCheckMetrics metrics, ILogger<VerificationWorker> logger) : Platform.QueueWorker(schema, signal, logger)
{
    /// <summary>An article in status verifying whose lease is free or expired, oldest change first.</summary>
    static readonly Platform.LeaseQueue Queue = new("articles",
        Lease: "verification_lease_owner = @owner, verification_lease_until = @until",
        Due: "x.status = 'verifying' AND (x.verification_lease_until IS NULL OR x.verification_lease_until < @now)",
        Order: "x.updated_at");

    sealed record LeasedArticle(Guid Id);

    // The models are loaded and warmed at start by ModelWarmup, which readiness waits for.
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override string Work => "Verification";

    /// <summary>Verifies one due article; false when there was none.</summary>
    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        var now = Timestamps.Now(time);
        var until = now + options.Value.LeaseDuration;
        var ids = (await Queue.ClaimAsync<LeasedArticle>(db.Database, Id, now, until, 1, "d.id", ct)).ConvertAll(a => a.Id);
        if (ids.Count == 0)
        {
            // When idle, a safety net: an article whose sources all became final without being moved on
            // (a crash between a document's commit and the readiness check) is picked up on the next pass.
            await ArticleLifecycle.MarkReadyAsync(db, null, now, ct);
            return false;
        }

        var started = time.GetTimestamp();
        using (var activity = Telemetry.FactCheckMetrics.ActivitySource.StartActivity("verify article"))
        {
            activity?.SetTag("factcheck.article_id", ids[0]);
            // Marks the article verified in the transaction of its verdicts, if this worker still holds the lease. A deadlock
            // or serialisation failure with a concurrent write (an editorial verdict on one of its claims) is run again in a
            // fresh scope, not left for the lease to expire.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var run = scopes.CreateAsyncScope();
                    await run.ServiceProvider.GetRequiredService<ClaimVerifier>().VerifyArticleAsync(ids[0], Id, ct);
                    break;
                }
                catch (Exception e) when (attempt < Platform.ConflictRetryMiddleware.Attempts && Platform.ConflictRetryMiddleware.IsConflict(e))
                {
                    logger.LogInformation("A write conflict verifying article {Article}: attempt {Attempt} runs again", ids[0], attempt + 1);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), ct);
                }
            }
        }
        metrics.ArticleVerified(time.GetElapsedTime(started));
        return true;
    }
}
