using Microsoft.EntityFrameworkCore;

namespace FactCheck.Data;

/// <summary>
/// The article aggregate's state machine: every status move of an article after it is created, in one place:
/// received → fetching_sources (a worker took one of its pages) → verifying (every page final) → verified
/// (its claims verified under the lease); back to fetching_sources or verifying when a source is added, supplied or
/// refetched. Whoever changes an article's sources or pages calls one of these, in the transaction of the change.
/// </summary>
public static class ArticleLifecycle
{
    /// <summary>
    /// A source was added to the article or given its page: it is fetched (<paramref name="pending"/>) and the article
    /// verified again. A verification already running missed this source: taking its lease away keeps it from marking
    /// the article verified. An article still being received moves on by itself.
    /// </summary>
    public static void SourceChanged(Article article, bool pending, DateTimeOffset now)
    {
        if (article.Status is not ArticleStatus.Received)
        {
            article.Status = pending ? ArticleStatus.FetchingSources : ArticleStatus.Verifying;
            article.VerificationLeaseOwner = null;
            article.VerificationLeaseUntil = null;
        }
        article.UpdatedAt = now;
    }

    /// <summary>A fetch worker took pages: the articles that cite them and were only received are now fetching.</summary>
    public static Task<int> FetchStartedAsync(FactCheckDbContext db, List<Guid> documentIds, DateTimeOffset now, CancellationToken ct) =>
        db.Articles
            .Where(a => a.Status == ArticleStatus.Received && a.Sources.Any(s => s.DocumentId != null && documentIds.Contains(s.DocumentId.Value)))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.FetchingSources).SetProperty(a => a.UpdatedAt, now), ct);

    /// <summary>A page is fetched again: every article citing it waits for it and is verified again.</summary>
    public static Task<int> RefetchRequestedAsync(FactCheckDbContext db, Guid documentId, DateTimeOffset now, CancellationToken ct) =>
        db.Articles.Where(a => a.Sources.Any(s => s.DocumentId == documentId) && a.Status != ArticleStatus.Received)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.FetchingSources).SetProperty(a => a.UpdatedAt, now), ct);

    /// <summary>
    /// Articles whose every source is now final move on to verification (those citing <paramref name="documentId"/>,
    /// or any such article when it is null: the idle worker's safety net).
    /// </summary>
    public static Task<int> MarkReadyAsync(FactCheckDbContext db, Guid? documentId, DateTimeOffset now, CancellationToken ct) =>
        db.Articles
            .Where(a => (a.Status == ArticleStatus.Received || a.Status == ArticleStatus.FetchingSources)
                        && (documentId == null || a.Sources.Any(s => s.DocumentId == documentId))
                        && !a.Sources.Any(s => s.Document != null && (s.Document.Status == FetchStatus.Pending || s.Document.Status == FetchStatus.Fetching)))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Verifying).SetProperty(a => a.UpdatedAt, now), ct);

    /// <summary>
    /// A verification found a cited source not yet ended (a source added or refetched while it ran): the article goes back
    /// to waiting for its sources and gives up the lease, so it is verified again once they are final. True when it moved.
    /// </summary>
    public static Task<bool> BackToFetchingAsync(FactCheckDbContext db, Guid articleId, Guid leaseOwner, DateTimeOffset now, CancellationToken ct) =>
        EndLeaseAsync(db, articleId, leaseOwner, ArticleStatus.FetchingSources, now, ct);

    /// <summary>
    /// The article is verified, if <paramref name="leaseOwner"/> still holds its verification lease and nothing sent it
    /// back to fetching meanwhile (then it is verified again once its sources are final). True when it moved.
    /// </summary>
    public static Task<bool> MarkVerifiedAsync(FactCheckDbContext db, Guid articleId, Guid leaseOwner, DateTimeOffset now, CancellationToken ct) =>
        EndLeaseAsync(db, articleId, leaseOwner, ArticleStatus.Verified, now, ct);

    /// <summary>A verification that still holds its lease ends it, moving the article to <paramref name="status"/>.</summary>
    static async Task<bool> EndLeaseAsync(FactCheckDbContext db, Guid articleId, Guid leaseOwner, ArticleStatus status, DateTimeOffset now, CancellationToken ct) =>
        await db.Articles.Where(a => a.Id == articleId && a.VerificationLeaseOwner == leaseOwner && a.Status == ArticleStatus.Verifying)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.VerificationLeaseOwner, (Guid?)null)
                .SetProperty(a => a.VerificationLeaseUntil, (DateTimeOffset?)null)
                .SetProperty(a => a.UpdatedAt, now), ct) == 1;
}
