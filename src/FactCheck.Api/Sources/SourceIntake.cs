using System.Security.Cryptography;
using System.Text;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Sources;

/// <summary>
/// The one intake of sources: how a cited source becomes a document (a page to fetch, one per normalised URL and
/// shared, or pasted text), how a page is queued again, and every change of a document's status (a fetch's outcome
/// included, <see cref="Complete"/>). Article ingestion, adding a citation to a claim, supplying a source and refetching
/// it all go through here.
/// </summary>
public static class SourceIntake
{
    /// <summary>
    /// The document for a source: found or created for a URL (queued for fetching if new), made from pasted text, or
    /// none for a source listed by name only (a fact-checker supplies it later).
    /// </summary>
    public static async Task<Document?> DocumentForAsync(FactCheckDbContext db, string? url, string? content, Security.Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(url)) return await db.Documents.FindAsync([await UpsertAsync(db, url.Trim(), caller, now, ct)], ct);
        if (string.IsNullOrWhiteSpace(content)) return null;
        return db.Documents.Add(Pasted(content, now)).Entity;
    }

    /// <summary>True while the document's page is still to be fetched: whoever cites it waits.</summary>
    public static bool IsPending(Document? document) => document?.Status is FetchStatus.Pending or FetchStatus.Fetching;

    /// <summary>
    /// Queues a page again at once with its attempts reset, on behalf of <paramref name="caller"/>; a page being
    /// fetched right now keeps its lease and is fetched again after it. Returns the rows changed (0 or 1).
    /// </summary>
    public static Task<int> RequeueAsync(FactCheckDbContext db, Guid documentId, Security.Caller caller, DateTimeOffset now, CancellationToken ct) =>
        db.Documents.Where(d => d.Id == documentId && d.Status != FetchStatus.Fetching)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.RequestedBy, caller.KeyId)
                .SetProperty(d => d.Status, FetchStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.UpdatedAt, now), ct);

    /// <summary>
    /// A fetch's outcome applied to the document the worker holds (its lease released): fetched (content stored by
    /// the caller), not modified, blocked, failed, deferred (not an attempt), or pending again after a backoff.
    /// </summary>
    /// <param name="attempts">The attempts counted when the worker took the document (this one included).</param>
    /// <param name="backoff">The wait before the next attempt, for a transient failure.</param>
    public static void Complete(Document document, FetchOutcome outcome, int attempts, FetchingOptions options, DateTimeOffset now, Func<TimeSpan> backoff)
    {
        document.LeaseOwner = null;
        document.LeaseUntil = null;
        document.UpdatedAt = now;
        document.HttpStatus = outcome.HttpStatus ?? document.HttpStatus;
        document.FinalUrl = outcome.FinalUrl ?? document.FinalUrl;
        switch (outcome.Kind)
        {
            case FetchOutcomeKind.Fetched:
            case FetchOutcomeKind.NotModified:
                // Fetched: the caller has stored the content; 304: the snapshot we hold is current.
                document.Status = FetchStatus.Fetched;
                document.NextAttemptAt = null;
                document.LastError = null;
                document.FetchedAt = now;
                break;
            case FetchOutcomeKind.Blocked:
                Fail(document, FetchStatus.Blocked, outcome.Error);
                break;
            case FetchOutcomeKind.Permanent:
                Fail(document, FetchStatus.Failed, outcome.Error);
                break;
            case FetchOutcomeKind.Deferred:
                // Not an attempt: the claim's increment is given back, and the document waits out the circuit.
                document.Status = FetchStatus.Pending;
                document.Attempts = Math.Max(0, attempts - 1);
                document.NextAttemptAt = now + (outcome.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : options.BaseBackoff) * (0.9 + 0.2 * Random.Shared.NextDouble());
                document.LastError = Truncate(outcome.Error);
                break;
            case FetchOutcomeKind.Transient when attempts >= options.MaxAttempts:
                Fail(document, FetchStatus.Failed, $"gave up after {attempts} attempts: {outcome.Error}");
                break;
            default:
                document.Status = FetchStatus.Pending;
                document.NextAttemptAt = now + backoff();
                document.LastError = Truncate(outcome.Error);
                break;
        }
    }

    static void Fail(Document document, FetchStatus status, string? error)
    {
        document.Status = status;
        document.NextAttemptAt = null;
        document.LastError = Truncate(error);
    }

    static string? Truncate(string? error) => error is { Length: > 2000 } ? error[..2000] : error;

    /// <summary>
    /// One document per normalised URL, created or found atomically, so concurrent articles citing the
    /// same page share it instead of racing to insert duplicates.
    /// </summary>
    /// <param name="caller">Owner of the fetch if the document is new: it counts against the caller's pending fetches.</param>
    static async Task<Guid> UpsertAsync(FactCheckDbContext db, string url, Security.Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var normalized = UrlNormalizer.Normalize(url) ?? url;
        var id = Guid.CreateVersion7(now);
        var pending = SnakeCaseEnumConverter<FetchStatus>.NameOf(FetchStatus.Pending);
        // Not composable (an INSERT cannot be a subquery): materialise as written, then take the one row.
        var ids = await db.Database.SqlQuery<Guid>(
            $"""
            INSERT INTO documents (id, normalized_url, url, status, attempts, next_attempt_at, requested_by, created_at, updated_at)
            VALUES ({id}, {normalized}, {url}, {pending}, 0, {now}, {caller.KeyId}, {now}, {now})
            ON CONFLICT (normalized_url) WHERE normalized_url IS NOT NULL
            DO UPDATE SET updated_at = documents.updated_at
            RETURNING id AS "Value"
            """).ToListAsync(ct);
        return ids.Single();
    }

    static Document Pasted(string content, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        return new Document
        {
            Id = id,
            Status = FetchStatus.Fetched,
            Text = content,
            ContentHash = Hash(content),
            ContentType = "text/plain",
            FetchedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            // Pasted text is searched for evidence like fetched text.
            Passages = FetchQueue.Passages(id, content, now).ToList(),
        };
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
