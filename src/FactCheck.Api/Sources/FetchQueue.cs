using System.Security.Cryptography;
using System.Text;
using FactCheck.Analysis.Text;
using FactCheck.Api.Events;
using FactCheck.Api.Platform;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Sources;

/// <summary>A document a worker has taken: its lease is good until the worker writes the outcome or it expires.</summary>
public sealed record ClaimedDocument(Guid Id, string Url, string? ETag, string? LastModified, int Attempts);

/// <summary>
/// The durable fetch queue, which is the documents table itself. Workers take due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> and a lease; the outcome is written only while the lease is still
/// theirs, so a worker that stalled past its lease cannot overwrite the next worker's result.
/// </summary>
public sealed class FetchQueue(FactCheckDbContext db, TimeProvider time, IOptions<FetchingOptions> options, Verification.VerificationSignal verification)
{
    /// <summary>
    /// Due: pending and past <c>next_attempt_at</c>, or fetching with an expired lease (<c>next_attempt_at</c> is the
    /// lease end while a page is fetched). Pasted text (no URL) is never fetched.
    /// </summary>
    static readonly LeaseQueue Queue = new("documents",
        Lease: "status = 'fetching', lease_owner = @owner, lease_until = @until, next_attempt_at = @until, attempts = d.attempts + 1, updated_at = @now",
        Due: "x.status IN ('pending', 'fetching') AND x.next_attempt_at <= @now AND x.normalized_url IS NOT NULL",
        Order: "x.next_attempt_at");

    public async Task<List<ClaimedDocument>> ClaimAsync(Guid owner, int count, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        var leaseUntil = now + options.Value.LeaseDuration;
        // Columns come back snake_case: the naming convention maps them onto ClaimedDocument.
        var claimed = await Queue.ClaimAsync<ClaimedDocument>(db.Database, owner, now, leaseUntil, count,
            "d.id, d.url, d.e_tag, d.last_modified, d.attempts", ct);
        if (claimed.Count > 0)
        {
            var ids = claimed.Select(c => c.Id).ToList();
            await ArticleLifecycle.FetchStartedAsync(db, ids, now, ct);
        }
        return claimed;
    }

    /// <summary>Writes the outcome if <paramref name="owner"/> still holds the lease; false when it does not.</summary>
    public async Task<bool> CompleteAsync(ClaimedDocument claimed, Guid owner, FetchOutcome outcome, CancellationToken ct)
    {
        var o = options.Value;
        var now = Timestamps.Now(time);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var document = await db.Documents
            .FromSql($"SELECT * FROM documents WHERE id = {claimed.Id} AND lease_owner = {owner} AND status = 'fetching' FOR UPDATE")
            .SingleOrDefaultAsync(ct);
        if (document is null) return false;

        if (outcome.Kind == FetchOutcomeKind.Fetched) await StoreContentAsync(document, outcome, now, ct);
        SourceIntake.Complete(document, outcome, claimed.Attempts, o, now, () => Backoff(claimed.Attempts, outcome.RetryAfter));
        if (document.Status is FetchStatus.Failed or FetchStatus.Blocked) await RecordFailedAsync(document, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // After the commit, not inside it: two documents of one article finishing at once would each see the
        // other still fetching under READ COMMITTED, and neither would move the article on. Checked after
        // both commits, the later check sees both.
        if (document.Status is not FetchStatus.Pending && await ArticleLifecycle.MarkReadyAsync(db, document.Id, now, ct) > 0) verification.Notify();
        return true;
    }

    /// <summary>A <c>source.failed</c> event for each article that cites the page, in the transaction of the outcome.</summary>
    async Task RecordFailedAsync(Document document, DateTimeOffset now, CancellationToken ct)
    {
        var sources = await db.ArticleSources.AsNoTracking().Where(s => s.DocumentId == document.Id)
            .Select(s => new { s.Id, s.ArticleId, s.Label }).ToListAsync(ct);
        var status = SnakeCaseEnumConverter<FetchStatus>.NameOf(document.Status);
        var url = document.Url is not null && Uri.TryCreate(document.Url, UriKind.Absolute, out var uri) ? UrlGuard.Redacted(uri) : document.Url;
        foreach (var source in sources)
            ChangeEvents.Record(db, EventTypes.SourceFailed, source.ArticleId, null,
                new SourceFailedData(source.ArticleId, source.Id, source.Label, url, status, document.LastError), now);
    }

    async Task StoreContentAsync(Document document, FetchOutcome outcome, DateTimeOffset now, CancellationToken ct)
    {
        var text = outcome.Text ?? "";
        var hash = SourceIntake.Hash(text);
        if (document.ContentHash is { } previous && previous != hash)
            db.DocumentSnapshots.Add(new DocumentSnapshot { Id = Guid.CreateVersion7(now), DocumentId = document.Id, ContentHash = previous, FetchedAt = document.FetchedAt, ReplacedAt = now });
        if (document.ContentHash != hash || !await db.Passages.AnyAsync(p => p.DocumentId == document.Id, ct))
        {
            await db.Passages.Where(p => p.DocumentId == document.Id).ExecuteDeleteAsync(ct);
            db.Passages.AddRange(Passages(document.Id, text, now));
        }
        document.Text = text;
        document.PageStarts = outcome.PageStarts is { Count: > 0 } pages ? [.. pages] : null;
        document.Title = outcome.Title is { Length: > 1000 } t ? t[..1000] : outcome.Title;
        document.ContentHash = hash;
        document.ContentType = outcome.ContentType;
        document.ETag = outcome.ETag is { Length: > 500 } ? null : outcome.ETag;
        document.LastModified = outcome.LastModified;
    }

    public static IEnumerable<Passage> Passages(Guid documentId, string text, DateTimeOffset now) =>
        PassageSplitter.Split(text).Select((span, i) => new Passage
        {
            Id = Guid.CreateVersion7(now),
            DocumentId = documentId,
            Ordinal = i + 1,
            Text = span.Slice(text),
            Start = span.Start,
            End = span.End,
        });

    /// <summary>Exponential backoff with ±20% jitter, at least what the server asked for, at most MaxBackoff.</summary>
    TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var o = options.Value;
        var exponential = o.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var jittered = exponential * (0.8 + 0.4 * Random.Shared.NextDouble());
        var wait = TimeSpan.FromMilliseconds(Math.Min(jittered, o.MaxBackoff.TotalMilliseconds));
        return retryAfter is { } asked && asked > wait ? (asked < o.MaxBackoff ? asked : o.MaxBackoff) : wait;
    }
}
