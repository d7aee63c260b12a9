using System.Text.Json;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Embeddings;
using FactCheck.Api.Events;
using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Api.Verification;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Search;

/// <summary>
/// Stores imported fact-checks (ClaimReviews already read and validated by the endpoint): each new review URL becomes an
/// article of one published claim with its embeddings, the publisher's rating as the claim's editorial verdict (through
/// <see cref="Verdicts.VerdictWriter"/>), an audit entry and a <c>factcheck.imported</c> event, all in one transaction;
/// a URL imported before is reported existing and left as it is.
/// </summary>
public sealed partial class FactCheckImporter(FactCheckDbContext db, ClaimExtractor extractor, ISentenceEmbedder embedder,
    IOptions<RatingScaleOptions> scale, TimeProvider time)
{
    internal async Task<FactCheckImportResponse> ImportAsync(IReadOnlyList<ReviewItem> items, Caller caller, CancellationToken ct)
    {
                var now = Timestamps.Now(time);
        var urls = items.Select(x => x.Url).Distinct(StringComparer.Ordinal).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serialise imports: two batches with one URL must not both create it.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7320002)", ct);
        var existing = await db.ClaimReviews.AsNoTracking().Where(r => urls.Contains(r.ReviewUrl))
            .ToDictionaryAsync(r => r.ReviewUrl, r => r.ClaimId, StringComparer.Ordinal, ct);

        var fresh = items.Where(x => !existing.ContainsKey(x.Url)).DistinctBy(x => x.Url).ToList();
        // The claim and its headline are embedded apart (appending the headline to the claim lowered CLEF
        // train MAP@5); a match takes the closer of the two. The headline is also in the full-text index.
        var vectors = fresh.Count == 0 ? [] : embedder.Embed(fresh.Select(x => x.ClaimReviewed).ToList());
        var headlines = fresh.Where(x => x.Headline is not null).ToList();
        var headlineVectors = headlines.Count == 0 ? [] : embedder.Embed(headlines.Select(x => x.Headline!).ToList());
        var headlineVectorOf = headlines.Select((x, i) => (x.Url, Vector: headlineVectors[i])).ToDictionary(x => x.Url, x => x.Vector, StringComparer.Ordinal);
        var created = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var verdicts = new FactCheck.Api.Verdicts.VerdictWriter(db);
        for (var i = 0; i < fresh.Count; i++)
        {
            var item = fresh[i];
            var (verdict, article) = Build(item, caller, now, vectors[i], headlineVectorOf.GetValueOrDefault(item.Url));
            db.Articles.Add(article);
            verdicts.Editorial(article.Id, verdict, previousEditorial: null);
            var claim = article.Claims[0];
            created[item.Url] = claim.Id;
            Audit.Record(db, caller, now, "fact_check.imported", "claim", claim.Id, new { item.Url, item.Rating });
            ChangeEvents.Record(db, EventTypes.FactCheckImported, article.Id, claim.Id,
                new FactCheckImportedData(claim.Id, article.Id, item.Url, verdict.Label), now);
        }
        await verdicts.SaveAsync(ct);
        await transaction.CommitAsync(ct);

        var results = new List<ImportedFactCheck>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var isNew = created.TryGetValue(item.Url, out var id) && seen.Add(item.Url);
            results.Add(new ImportedFactCheck(item.Url, isNew ? id : existing.GetValueOrDefault(item.Url, id), isNew ? "created" : "existing"));
        }

        return new FactCheckImportResponse(results.Count(r => r.Status == "created"), results.Count(r => r.Status == "existing"), results);
    }

    /// <summary>The imported fact-check as an article of one published claim, and the claim's editorial verdict (its rating).</summary>
    (Verdict Verdict, Article Article) Build(ReviewItem item, Caller caller,
        DateTimeOffset now, float[] vector, float[]? headlineVector)
    {
        var text = item.ClaimReviewed;
        var extracted = extractor.AnalyzeWhole(text, 0);
        var label = LabelFor(item.Rating, scale.Value);
        var articleId = Guid.CreateVersion7(now);
        var claimId = Guid.CreateVersion7(now);
        var claim = new Claim
        {
            Id = claimId,
            ArticleId = articleId,
            Ordinal = 1,
            Text = text,
            Start = 0,
            End = text.Length,
            CheckWorthiness = 1,
            Type = JsonNamingPolicy.SnakeCaseLower.ConvertName(extracted.Type.ToString()),
            Reasons = ["imported fact-check"],
            NormalizedText = extracted.NormalizedText,
            Speaker = item.ClaimAuthor is { Length: <= 200 } speaker ? speaker : null,
            Entities = StoredAnnotations.Entities(extracted.Entities),
            Numbers = StoredAnnotations.Numbers(extracted.Numbers),
            WorkflowStatus = WorkflowStatus.Published,
            Context = item.Headline,
            Embedding = ClaimVectors.Encode(vector),
            ContextEmbedding = headlineVector is null ? null : ClaimVectors.Encode(headlineVector),
            CreatedAt = now,
            Review = new ClaimReviewRecord
            {
                ClaimId = claimId, ReviewUrl = item.Url, Rating = item.Rating, RatingValue = item.RatingValue, BestRating = item.BestRating,
                WorstRating = item.WorstRating, Author = item.Author, DatePublished = item.DatePublished, Headline = item.Headline, ImportedAt = now,
            },
        };
        var verdict = new Verdict
        {
            Id = Guid.CreateVersion7(now), ClaimId = claimId, Kind = VerdictKind.Editorial, Label = label,
            Rationale = $"Imported fact-check: {item.Url}", Reviewer = item.Author ?? caller.Name, CreatedAt = item.DatePublished ?? now,
        };
        var title = item.Headline ?? text;
        return (verdict, new Article
        {
            Id = articleId,
            Title = title.Length <= 500 ? title : title[..497] + "...",
            Url = item.Appearance,
            Publisher = item.Author,
            PublishedAt = item.ClaimDate ?? item.DatePublished,
            Body = text,
            ContentHash = Sources.SourceIntake.Hash(text),
            Status = ArticleStatus.Verified,
            SubmittedBy = caller.Name,
            CreatedAt = now,
            UpdatedAt = now,
            Claims = [claim],
        });
    }

    /// <summary>The newsroom scale's rating when the publisher's matches one by name or label ("Mostly False"), else the publisher's, snake_cased.</summary>
    internal static string LabelFor(string rating, RatingScaleOptions scale)
    {
        var key = NonWord().Replace(rating.Trim().ToLowerInvariant(), "_").Trim('_');
        var match = scale.Effective.FirstOrDefault(r => r.Name == key || NonWord().Replace(r.Label.ToLowerInvariant(), "_").Trim('_') == key);
        if (match is not null) return match.Name;
        return key.Length == 0 ? "unrated" : key.Length <= 64 ? key : key[..64];
    }

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonWord();
}
