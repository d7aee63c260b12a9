using System.Text.Json;
using FactCheck.Data;

namespace FactCheck.Api.Events;

/// <summary>The kinds of change a newsroom tool can be told of.</summary>
public static class EventTypes
{
    /// <summary>An article's claims were (re)verified: every claim has its automatic verdict.</summary>
    public const string ArticleVerified = "article.verified";
    /// <summary>A claim's verdict changed: a new editorial verdict, or an automatic one with a new label.</summary>
    public const string VerdictChanged = "claim.verdict_changed";
    /// <summary>A claim moved in the fact-checkers' workflow (unreviewed, in_review, reviewed, published).</summary>
    public const string ClaimStatusChanged = "claim.status_changed";
    /// <summary>A source's page could not be fetched (failed for good, or blocked by the address policy).</summary>
    public const string SourceFailed = "source.failed";
    /// <summary>A fact-check (ClaimReview) was imported as a new reviewed claim.</summary>
    public const string FactCheckImported = "factcheck.imported";

    public static readonly IReadOnlyList<string> All = [ArticleVerified, VerdictChanged, ClaimStatusChanged, SourceFailed, FactCheckImported];
}

// The stored (and published) data of each event type. They are their own types, not the API's response records:
// an event is a contract with receivers that outlives any change to the resource views.

/// <param name="Verdicts">Claims per current verdict label.</param>
public sealed record ArticleVerifiedData(Guid ArticleId, int Claims, IReadOnlyDictionary<string, int> Verdicts);

/// <param name="Kind">automatic or editorial.</param>
/// <param name="PreviousLabel">The label this kind of verdict had before, if any.</param>
/// <param name="CurrentVerdict">The claim's verdict as search and the claim view show it now (editorial wins).</param>
public sealed record VerdictChangedData(Guid ClaimId, Guid ArticleId, Guid VerdictId, string Kind, string Label, string? PreviousLabel,
    string? CurrentVerdict, double? Confidence, string? Reviewer);

public sealed record ClaimStatusChangedData(Guid ClaimId, Guid ArticleId, string From, string To);

/// <param name="Status">failed or blocked.</param>
public sealed record SourceFailedData(Guid ArticleId, Guid SourceId, string? Label, string? Url, string Status, string? Error);

public sealed record FactCheckImportedData(Guid ClaimId, Guid ArticleId, string Url, string Rating);

/// <summary>
/// Writes change events. Each is added to the context, so the SaveChanges (and transaction) that stores the change
/// stores its event too; <c>Webhooks.ChangeEventInterceptor</c> (registered with the context) orders them and queues their webhook deliveries.
/// </summary>
public static class ChangeEvents
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ChangeEvent Record<T>(FactCheckDbContext db, string type, Guid? articleId, Guid? claimId, T data, DateTimeOffset now)
    {
        var change = new ChangeEvent
        {
            Id = Guid.CreateVersion7(now),
            Type = type,
            ArticleId = articleId,
            ClaimId = claimId,
            Data = JsonSerializer.Serialize(data, Json),
            CreatedAt = now,
        };
        db.ChangeEvents.Add(change);
        return change;
    }
}
