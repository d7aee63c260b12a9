using System.Text;
using FactCheck.Api.Claims;
using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FactCheck.Api.Search;

public static class ClaimSearchEndpoints
{
    /// <summary>Full-text ranking covers at most this many matches; filters narrow them first.</summary>
    public const int RankCap = 1000;

    public static IEndpointRouteBuilder MapClaimSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/claims").WithTags("Claims");
        group.MapGet("/", SearchClaims).WithName("SearchClaims").WithValidation<SearchClaimsQuery>().ForReaders();
        group.MapGet("/{id:guid}/similar", Similar).WithName("SimilarClaims").ForReaders();
        group.MapPost("/match", Match).WithName("MatchClaim").WithValidation<MatchRequest>().ForReaders();
        return app;
    }

    /// <summary>Search claims: "has this been checked before?"</summary>
    /// <remarks>
    /// With <c>q</c> (web-search syntax: words, "phrases", OR, -word) the claims are ranked by full-text
    /// relevance with highlighted snippets; ranking covers the first 1,000 matches after the filters, so
    /// narrow broad words with filters or more words. Without <c>q</c>, newest first; with <c>articleId</c> and
    /// without <c>q</c>, the article's claims in the order of its text. Cursor paging is
    /// keyset-based: rows added while you page do not shift later pages.
    /// </remarks>
    /// <response code="200">A page of claims.</response>
    /// <response code="400">Invalid filter, limit or cursor.</response>
    static async Task<Ok<Page<ClaimSearchItem>>> SearchClaims([AsParameters] SearchClaimsQuery query, FactCheckDbContext db, CancellationToken ct)
    {
        var limit = query.Limit ?? Paging.DefaultLimit;
        var ranked = !string.IsNullOrWhiteSpace(query.Q);
        var parameters = new List<NpgsqlParameter> { new("limit", limit + 1) };
        var where = new StringBuilder("TRUE");
        var joinArticles = query.Publisher is not null || query.PublishedFrom is not null || query.PublishedTo is not null;
        void Filter(string sql, string name, object value, NpgsqlDbType? type = null)
        {
            where.Append(" AND ").Append(sql);
            parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        }
        if (query.Verdict is { } verdict) Filter("c.current_verdict = @verdict", "verdict", verdict);
        if (query.Type is { } type) Filter("c.type = @type", "type", type);
        if (query.ParsedStatus is { } status) Filter("c.workflow_status = @status", "status", SnakeCaseEnumConverter<WorkflowStatus>.NameOf(status));
        if (query.ArticleId is { } articleId) Filter("c.article_id = @article", "article", articleId);
        if (query.Publisher is { } publisher) Filter("a.publisher = @publisher", "publisher", publisher);
        if (query.PublishedFrom is { } from) Filter("a.published_at >= @from", "from", from.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        if (query.PublishedTo is { } to) Filter("a.published_at <= @to", "to", to.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        if (query.MinCheckWorthiness is { } min) Filter("c.check_worthiness >= @min", "min", min);
        var from_ = joinArticles ? "claims c JOIN articles a ON a.id = c.article_id" : "claims c";
        SearchCursor cursor = default;
        var hasCursor = query.Cursor is not null && SearchCursor.TryDecode(query.Cursor, ranked, out cursor);
        // One article's claims without a query read as the article does: in text order.
        var textOrder = !ranked && query.ArticleId is not null;

        List<PageRow> page;
        if (ranked)
        {
            parameters.Add(new NpgsqlParameter("q", query.Q!));
            parameters.Add(new NpgsqlParameter("cap", RankCap));
            var after = "";
            if (hasCursor)
            {
                after = "WHERE (rank, id) < (@crank, @cid)";
                parameters.Add(new NpgsqlParameter("crank", cursor.Rank));
                parameters.Add(new NpgsqlParameter("cid", cursor.Id));
            }
            // Capped: ranking every match of a common word over a million claims costs ~75 ms; the first
            // 1,000 matches (index order, so stable as rows are appended) cost 5-10 ms.
            // Only fixed fragments are spliced in ({from_}, {where}, {after}); every value is a parameter.
            var sql = $"""
                WITH query AS (SELECT websearch_to_tsquery('english'::regconfig, @q) AS tsq),
                matches AS (
                    SELECT c.id, c.search_vector, c.created_at FROM {from_}, query
                    WHERE c.search_vector @@ query.tsq AND {where}
                    LIMIT @cap),
                ranked AS (SELECT m.id, m.created_at, ts_rank_cd(m.search_vector, query.tsq)::float8 AS rank FROM matches m, query)
                SELECT id, rank, created_at, NULL::int AS start, NULL::int AS ordinal FROM ranked {after}
                ORDER BY rank DESC, id DESC
                LIMIT @limit
                """;
            page = await db.Database.SqlQueryRaw<PageRow>(sql, [.. parameters]).ToListAsync(ct);
        }
        else if (textOrder)
        {
            if (hasCursor)
            {
                where.Append(" AND (c.start, c.ordinal) > (@cstart, @cordinal)");
                parameters.Add(new NpgsqlParameter("cstart", cursor.Start));
                parameters.Add(new NpgsqlParameter("cordinal", cursor.Ordinal));
            }
            var sql = $"""
                SELECT c.id, NULL::float8 AS rank, c.created_at, c.start, c.ordinal FROM {from_}
                WHERE {where}
                ORDER BY c.start, c.ordinal
                LIMIT @limit
                """;
            page = await db.Database.SqlQueryRaw<PageRow>(sql, [.. parameters]).ToListAsync(ct);
        }
        else
        {
            if (hasCursor)
            {
                where.Append(" AND (c.created_at, c.id) < (@ccreated, @cid)");
                parameters.Add(new NpgsqlParameter("ccreated", NpgsqlDbType.TimestampTz) { Value = new DateTimeOffset(cursor.Ticks, TimeSpan.Zero) });
                parameters.Add(new NpgsqlParameter("cid", cursor.Id));
            }
            var sql = $"""
                SELECT c.id, NULL::float8 AS rank, c.created_at, NULL::int AS start, NULL::int AS ordinal FROM {from_}
                WHERE {where}
                ORDER BY c.created_at DESC, c.id DESC
                LIMIT @limit
                """;
            page = await db.Database.SqlQueryRaw<PageRow>(sql, [.. parameters]).ToListAsync(ct);
        }

        var shown = page.Take(limit).ToList();
        var ids = shown.Select(r => r.Id).ToArray();
        var details = ids.Length == 0 ? [] : await db.Database.SqlQueryRaw<DetailRow>("""
            SELECT c.id, c.article_id, a.title AS article_title, a.url AS article_url, a.publisher, a.published_at, c.text,
                   CASE WHEN @q::text IS NULL THEN NULL ELSE ts_headline('english'::regconfig,
                        replace(replace(replace(c.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                        websearch_to_tsquery('english'::regconfig, @q::text),
                        'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') END AS snippet,
                   c.type, c.check_worthiness, c.workflow_status, c.current_verdict, r.review_url, c.created_at
            FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN claim_reviews r ON r.claim_id = c.id
            WHERE c.id = ANY(@ids)
            """, new NpgsqlParameter("ids", ids), new NpgsqlParameter("q", NpgsqlDbType.Text) { Value = ranked ? query.Q! : DBNull.Value })
            .ToListAsync(ct);
        var byId = details.ToDictionary(d => d.Id);
        var items = shown.Where(r => byId.ContainsKey(r.Id)).Select(r =>
        {
            var d = byId[r.Id];
            return new ClaimSearchItem(d.Id, d.ArticleId, d.ArticleTitle, d.ArticleUrl, d.Publisher, d.PublishedAt, d.Text, d.Snippet,
                r.Rank, d.Type, d.CheckWorthiness, SnakeCaseEnumConverter<WorkflowStatus>.ValueOf(d.WorkflowStatus), d.CurrentVerdict,
                d.ReviewUrl, d.CreatedAt);
        }).ToList();
        string? next = null;
        if (page.Count > limit)
        {
            var last = shown[^1];
            next = ranked ? SearchCursor.Ranked(last.Rank!.Value, last.Id)
                : textOrder ? SearchCursor.TextOrder(last.Start!.Value, last.Ordinal!.Value, last.Id)
                : SearchCursor.Newest(last.CreatedAt, last.Id);
        }
        return TypedResults.Ok(new Page<ClaimSearchItem>(items, next));
    }

    /// <summary>Earlier claims that say the same thing as this one.</summary>
    /// <remarks>Each with a similarity score, its article and its current verdict; imported fact-checks with their review URL and rating.</remarks>
    /// <param name="id">The claim.</param>
    /// <param name="limit">How many, 1–50 (default 10).</param>
    /// <param name="reviewedOnly">Only reviewed or published claims (imported fact-checks included).</param>
    /// <response code="200">The matches, best first.</response>
    /// <response code="400">Invalid limit.</response>
    /// <response code="404">No claim has this id.</response>
    static async Task<Results<Ok<MatchResponse>, NotFoundProblem, ValidationProblem>> Similar(
        Guid id, int? limit, bool? reviewedOnly, FactCheckDbContext db, ClaimMatcher matcher, IOptions<MatchingOptions> options, CancellationToken ct)
    {
        if (limit is < 1 or > 50)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["'limit' must be between 1 and 50."] });
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Text, c.Embedding }).SingleOrDefaultAsync(ct);
        if (claim is null) return new NotFoundProblem("Claim not found.", $"No claim has the id {id}.");
        var vector = claim.Embedding is null ? null : ClaimVectors.Decode(claim.Embedding);
        var matches = await matcher.FindAsync(new MatchQuery(claim.Text, vector, ExcludeClaimId: id, ReviewedOnly: reviewedOnly ?? false, Limit: limit ?? 10), ct);
        return TypedResults.Ok(new MatchResponse(claim.Text, await DescribeAsync(db, matches, options.Value, ct)));
    }

    /// <summary>Has this claim been checked before? Match a text against earlier claims.</summary>
    /// <remarks>
    /// For newsroom tools and fact-checkers' first question. Stores nothing. Each match has a score
    /// (0–1), whether it is the same claim or only related (numbers that differ make it related), its
    /// article and its current verdict; imported fact-checks carry their review URL and rating.
    /// </remarks>
    /// <response code="200">The matches, best first.</response>
    /// <response code="400">Missing or too long text, or invalid limit.</response>
    static async Task<Ok<MatchResponse>> Match(MatchRequest request, FactCheckDbContext db, ClaimMatcher matcher, IOptions<MatchingOptions> options, CancellationToken ct)
    {
        var text = request.Text!.Trim();
        var matches = await matcher.FindAsync(new MatchQuery(text, ReviewedOnly: request.ReviewedOnly ?? false, Limit: request.Limit ?? 10), ct);
        return TypedResults.Ok(new MatchResponse(text, await DescribeAsync(db, matches, options.Value, ct)));
    }

    static async Task<List<ClaimMatch>> DescribeAsync(FactCheckDbContext db, List<MatchCandidate> matches, MatchingOptions options, CancellationToken ct)
    {
        if (matches.Count == 0) return [];
        var ids = matches.Select(m => m.ClaimId).ToList();
        var rows = await db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Text, c.ArticleId, c.Article.Title, c.Article.Url, c.Article.Publisher, c.Article.PublishedAt, c.CurrentVerdict, c.WorkflowStatus,
                c.Review,
            })
            .ToDictionaryAsync(r => r.Id, ct);
        return matches.Where(m => rows.ContainsKey(m.ClaimId)).Select(m =>
        {
            var r = rows[m.ClaimId];
            var relation = m.Score >= options.SameClaimThreshold && !m.NumbersDiffer ? "same" : "related";
            return new ClaimMatch(m.ClaimId, r.Text, m.Score, m.SemanticScore, m.LexicalScore, relation, m.NumbersDiffer,
                r.ArticleId, r.Title, r.Url, r.Publisher, r.PublishedAt, r.CurrentVerdict, r.WorkflowStatus, ImportedReview.From(r.Review));
        }).ToList();
    }

    sealed record PageRow(Guid Id, double? Rank, DateTimeOffset CreatedAt, int? Start, int? Ordinal);

    sealed record DetailRow(
        Guid Id, Guid ArticleId, string ArticleTitle, string? ArticleUrl, string? Publisher, DateTimeOffset? PublishedAt, string Text, string? Snippet,
        string Type, double CheckWorthiness, string WorkflowStatus, string? CurrentVerdict, string? ReviewUrl, DateTimeOffset CreatedAt);
}
