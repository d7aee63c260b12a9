using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Html;
using FactCheck.Analysis.Text;
using FactCheck.Api.Platform;
using FactCheck.Api.Sources;
using FactCheck.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Articles;

/// <summary>What became of a create request.</summary>
public abstract record IngestionOutcome
{
    public sealed record Created(ArticleResponse Article) : IngestionOutcome;
    public sealed record Replayed(ArticleResponse Article) : IngestionOutcome;
    public sealed record KeyReused : IngestionOutcome;
    /// <summary>The request passed validation but its content did not (an HTML page with no text, say).</summary>
    public sealed record Invalid(string Field, string Message) : IngestionOutcome;
    /// <summary>The key would have more pages waiting to be fetched than it may; nothing was stored.</summary>
    public sealed record TooManyFetches(int Pending, int Cap) : IngestionOutcome;
}

/// <summary>The article's text and sources as they will be stored, whether it came as text or HTML.</summary>
sealed record PreparedArticle(string Body, string? Title, List<(SourceRequest Request, string Label)> Sources, List<(TextSpan Span, int SourceIndex)> Links, List<string>? Warnings = null);

/// <summary>
/// Stores a submitted article with its sources, documents and claims in one transaction, honouring
/// Idempotency-Key: the key row is inserted first, so a concurrent request with the same key waits on
/// it and then replays the committed response instead of creating a second article.
/// </summary>
public sealed class ArticleIngestion(
    FactCheckDbContext db,
    ClaimExtractor extractor,
    TimeProvider time,
    IOptions<JsonOptions> json,
    IOptions<ClaimExtractionSettings> extraction,
    IOptions<Platform.ApiOptions> api,
    IOptions<FetchingOptions> fetching,
    Telemetry.FactCheckMetrics metrics,
    Analysis.Embeddings.ISentenceEmbedder embedder,
    Search.ClaimMatcher matcher,
    IOptions<Search.MatchingOptions> matching,
    FetchSignal fetchSignal,
    Verification.VerificationSignal verificationSignal)
{
    /// <param name="caller">Who submits it: the submitter of record, the scope of the Idempotency-Key, the owner of the fetches it queues.</param>
    /// <param name="singleClaim">The whole body is one claim, whatever its check-worthiness (single-claim checks).</param>
    public async Task<IngestionOutcome> CreateAsync(CreateArticleRequest request, string? idempotencyKey, Security.Caller caller, CancellationToken ct, bool singleClaim = false)
    {
        // Keys are per caller: two newsroom tools that both send "retry-1" do not see each other's articles.
        var scope = caller.KeyId.ToString();
        if (Prepare(request) is not { } prepared)
            return new IngestionOutcome.Invalid("html", $"The HTML holds no article text, or more than {CreateArticleRequestValidator.MaxBodyLength:N0} characters of it.");
        var now = Timestamps.Now(time);
        var requestHash = idempotencyKey is null ? null : SourceIntake.Hash(JsonSerializer.Serialize(request, json.Value.SerializerOptions));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (idempotencyKey is not null)
        {
            // A key older than its lifetime is forgotten: the request counts as new.
            var expired = now - api.Value.IdempotencyKeyLifetime;
            await db.IdempotencyRecords
                .Where(r => r.Scope == scope && r.Key == idempotencyKey && r.CreatedAt < expired)
                .ExecuteDeleteAsync(ct);
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO idempotency_records (scope, key, request_hash, status_code, created_at)
                VALUES ({scope}, {idempotencyKey}, {requestHash}, 0, {now})
                ON CONFLICT (scope, key) DO NOTHING
                """, ct);
            if (inserted == 0)
            {
                await transaction.RollbackAsync(ct);
                var record = await db.IdempotencyRecords.AsNoTracking()
                    .SingleAsync(r => r.Scope == scope && r.Key == idempotencyKey, ct);
                if (record.RequestHash != requestHash) return new IngestionOutcome.KeyReused();
                var first = JsonSerializer.Deserialize<ArticleResponse>(record.ResponseBody!, json.Value.SerializerOptions)!;
                return new IngestionOutcome.Replayed(first);
            }
        }

        var article = await BuildAsync(request, prepared, caller, now, singleClaim, ct);
        await AnnotateAsync(article.Claims, ct);
        db.Articles.Add(article);
        Security.Audit.Record(db, caller, now, "article.created", "article", article.Id,
            new { article.Title, Sources = article.Sources.Count, Claims = article.Claims.Count, SingleClaim = singleClaim });
        await db.SaveChangesAsync(ct);
        if (article.Sources.Any(s => s.Url is not null)
            && await FetchQuota.ExceededAsync(db, caller, fetching.Value.MaxPendingFetchesPerKey, ct) is { } pending)
        {
            await transaction.RollbackAsync(ct);
            return new IngestionOutcome.TooManyFetches(pending, fetching.Value.MaxPendingFetchesPerKey);
        }

        var response = article.ToResponse();
        if (idempotencyKey is not null)
        {
            var body = JsonSerializer.Serialize(response, json.Value.SerializerOptions);
            await db.IdempotencyRecords
                .Where(r => r.Scope == scope && r.Key == idempotencyKey)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.StatusCode, StatusCodes.Status201Created)
                    .SetProperty(r => r.ArticleId, article.Id)
                    .SetProperty(r => r.Location, ArticleEndpoints.LocationOf(article.Id))
                    .SetProperty(r => r.ResponseBody, body), ct);
        }
        await transaction.CommitAsync(ct);
        metrics.ArticleIngested(article.Claims.Count, singleClaim);
        if (article.Status == ArticleStatus.Received) fetchSignal.Notify();
        else verificationSignal.Notify();
        return new IngestionOutcome.Created(response);
    }

    /// <summary>
    /// Embeds each new claim (stored for matching) and records its best earlier reviewed match: the
    /// "previously checked" of the article view.
    /// </summary>
    internal async Task AnnotateAsync(IReadOnlyList<Claim> claims, CancellationToken ct)
    {
        if (claims.Count == 0) return;
        var vectors = embedder.Embed(claims.Select(c => c.Text).ToList());
        var matched = new List<Claim>();
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            claim.Embedding = ClaimVectors.Encode(vectors[i]);
            if (!matching.Value.MatchOnIngest) continue;
            var best = (await matcher.FindAsync(new Search.MatchQuery(claim.Text, vectors[i], ReviewedOnly: true, Limit: 1), ct)).FirstOrDefault();
            if (best is null || best.NumbersDiffer || best.Score < matching.Value.IngestThreshold) continue;
            claim.PreviousMatchId = best.ClaimId;
            claim.PreviousMatchScore = best.Score;
            matched.Add(claim);
        }
        if (matched.Count == 0) return;
        // The earlier claims (with their imported reviews) for the response, in one query.
        var ids = matched.Select(c => c.PreviousMatchId!.Value).Distinct().ToList();
        var earlier = await db.Claims.Include(c => c.Review).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var claim in matched) claim.PreviousMatch = earlier[claim.PreviousMatchId!.Value];
    }

    /// <summary>
    /// Text as sent, or the main text of the HTML with its listed sources appended to the requested ones
    /// and its inline links turned into citations (a link to a page no source names adds a source).
    /// </summary>
    static PreparedArticle? Prepare(CreateArticleRequest request)
    {
        var requested = request.Sources ?? [];
        var labels = SourceLabels.Assign(requested);
        var sources = requested.Select((s, i) => (Request: s, Label: labels[i])).ToList();
        if (request.Html is null)
        {
            // A plain-text source list ("Sources: 1. … 2. …", "Related Sources: • Source 1 • Source 2") names sources
            // as the HTML path's list of links does: one the request already gives (by label or URL) is that one; one
            // with a URL is fetched; one with neither URL nor text awaits them from a fact-checker.
            var list = TextSourceList.Read(request.Body!);
            var warnings = list.Warning is { } warning ? new List<string> { warning } : [];
            foreach (var listed in list.Sources)
            {
                if (sources.Count >= CreateArticleRequestValidator.MaxSources)
                {
                    warnings.Add($"The source list names more sources than the {CreateArticleRequestValidator.MaxSources} an article may cite; '{listed.Label}' and those after it were left out.");
                    break;
                }
                if (sources.Exists(s => string.Equals(s.Label, listed.Label, StringComparison.OrdinalIgnoreCase))) continue;
                if (listed.Url is { } u && (!CreateArticleRequestValidator.BeHttpUrl(u) || u.Length > CreateArticleRequestValidator.MaxUrlLength))
                {
                    warnings.Add($"'{listed.Label}' of the source list was left out: its address is not an http(s) URL of at most {CreateArticleRequestValidator.MaxUrlLength} characters.");
                    continue;
                }
                if (listed.Url is { } same && sources.Exists(s => s.Request.Url is { } r && UrlNormalizer.Normalize(r) == UrlNormalizer.Normalize(same))) continue;
                sources.Add((new SourceRequest(Url: listed.Url, Title: listed.Title), listed.Label));
            }
            return new PreparedArticle(request.Body!, null, sources, [], warnings);
        }

        var html = HtmlArticleExtractor.Extract(request.Html, request.Url);
        if (string.IsNullOrWhiteSpace(html.Text) || html.Text.Length > CreateArticleRequestValidator.MaxBodyLength) return null;

        int IndexOf(string url)
        {
            var normalized = UrlNormalizer.Normalize(url);
            return sources.FindIndex(s => s.Request.Url is { } u && UrlNormalizer.Normalize(u) == normalized);
        }
        string FreeLabel(string wanted) =>
            sources.Exists(s => string.Equals(s.Label, wanted, StringComparison.OrdinalIgnoreCase)) ? $"Source {sources.Count + 1}" : wanted;

        foreach (var listed in html.Sources)
            if (IndexOf(listed.Url) < 0 && sources.Count < CreateArticleRequestValidator.MaxSources)
                sources.Add((new SourceRequest(Url: listed.Url), FreeLabel(listed.Label)));
        var links = new List<(TextSpan, int)>();
        foreach (var link in html.Links)
        {
            var index = IndexOf(link.Url);
            if (index < 0 && sources.Count < CreateArticleRequestValidator.MaxSources)
            {
                sources.Add((new SourceRequest(Url: link.Url, Title: link.AnchorText.Length <= 500 ? link.AnchorText : null), FreeLabel($"Source {sources.Count + 1}")));
                index = sources.Count - 1;
            }
            if (index >= 0) links.Add((link.Span, index));
        }
        return new PreparedArticle(html.Text, html.Title, sources, links);
    }

    async Task<Article> BuildAsync(CreateArticleRequest request, PreparedArticle prepared, Security.Caller caller, DateTimeOffset now, bool singleClaim, CancellationToken ct)
    {
        var body = prepared.Body;
        var article = new Article
        {
            Id = Guid.CreateVersion7(now),
            Title = !string.IsNullOrWhiteSpace(request.Title) ? request.Title.Trim() : prepared.Title is { Length: > 0 and <= 500 } t ? t : FirstLine(body),
            Url = request.Url,
            Publisher = request.Publisher?.Trim(),
            PublishedAt = request.PublishedAt?.ToUniversalTime(),
            Language = request.Language,
            Body = body,
            ContentHash = SourceIntake.Hash(body),
            Status = ArticleStatus.Received,
            SubmittedBy = caller.Name,
            CreatedAt = now,
            UpdatedAt = now,
            Warnings = prepared.Warnings ?? [],
        };

        for (var i = 0; i < prepared.Sources.Count; i++)
        {
            var (source, label) = prepared.Sources[i];
            var entity = new ArticleSource
            {
                Id = Guid.CreateVersion7(now),
                Label = label,
                Ordinal = i + 1,
                Url = string.IsNullOrWhiteSpace(source.Url) ? null : source.Url.Trim(),
                Title = source.Title,
                Content = string.IsNullOrWhiteSpace(source.Content) ? null : source.Content,
                CreatedAt = now,
            };
            // Neither URL nor text (a source listed by name only): no document until a fact-checker supplies one.
            entity.Document = await SourceIntake.DocumentForAsync(db, entity.Url, entity.Content, caller, now, ct);
            article.Sources.Add(entity);
        }

        // Sources already fetched for another article (or pasted) need no wait: verification can start.
        if (article.Sources.All(s => s.Document is null || s.Document.Status is FetchStatus.Fetched or FetchStatus.Failed or FetchStatus.Blocked))
            article.Status = ArticleStatus.Verifying;

        var claims = singleClaim
            ? [extractor.AnalyzeWhole(body, article.Sources.Count)]
            : extractor.Analyze(body, article.Sources.Count, extraction.Value.ToOptions(), prepared.Links, ct).Claims;
        for (var i = 0; i < claims.Count; i++)
        {
            var extracted = claims[i];
            var claim = new Claim
            {
                Id = Guid.CreateVersion7(now),
                Ordinal = i + 1,
                Text = extracted.Text,
                Start = extracted.Span.Start,
                End = extracted.Span.End,
                CheckWorthiness = Math.Round(extracted.CheckWorthiness, 4),
                Type = JsonNamingPolicy.SnakeCaseLower.ConvertName(extracted.Type.ToString()),
                Reasons = extracted.Reasons.ToList(),
                NormalizedText = extracted.NormalizedText,
                SentenceIndex = extracted.SentenceIndex,
                Speaker = extracted.Speaker,
                Entities = StoredAnnotations.Entities(extracted.Entities),
                Numbers = StoredAnnotations.Numbers(extracted.Numbers),
                CreatedAt = now,
            };
            foreach (var link in extracted.Citations)
            {
                claim.Citations.Add(new ClaimCitation
                {
                    Id = Guid.CreateVersion7(now),
                    ArticleSource = article.Sources[link.SourceIndex],
                    Kind = link.Kind,
                    Relevance = link.Kind == CitationKind.Explicit ? 1.0 : null,
                    CreatedAt = now,
                });
            }
            article.Claims.Add(claim);
        }
        return article;
    }

    static string FirstLine(string body)
    {
        var line = body.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        var first = (end >= 0 ? line[..end] : line).Trim().ToString();
        return first.Length <= 500 ? first : first[..500];
    }

}

/// <summary>Settings of claim extraction.</summary>
public sealed class ClaimExtractionSettings
{
    public const string Section = "ClaimExtraction";

    /// <summary>Sentences scoring at least this become claims.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double Threshold { get; set; } = ClaimExtractionOptions.Default.Threshold;

    public ClaimExtractionOptions ToOptions() => new() { Threshold = Threshold };
}
