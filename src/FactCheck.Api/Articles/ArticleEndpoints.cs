using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Articles;

public static class ArticleEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static string LocationOf(Guid id) => $"/api/v1/articles/{id}";

    public static RouteGroupBuilder MapArticleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/articles").WithTags("Articles");
        group.MapPost("/", CreateArticle).WithName("CreateArticle").WithValidation<CreateArticleRequest>()
            .Accepts<CreateArticleRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ForSubmitters();
        group.MapGet("/", ListArticles).WithName("ListArticles").WithValidation<ListArticlesQuery>().ForReaders();
        group.MapGet("/{id:guid}", GetArticle).WithName("GetArticle").ForReaders();
        group.MapGet("/{id:guid}/claims", GetArticleClaims).WithName("GetArticleClaims").ForReaders();
        group.MapDelete("/{id:guid}", DeleteArticle).WithName("DeleteArticle").ForSubmitters();
        return group;
    }

    /// <summary>Submit an article for checking.</summary>
    /// <remarks>
    /// Splits the body into claims with exact offsets, links them to the cited sources and stores it all.
    /// Fetching and verification continue in the background. Send an <c>Idempotency-Key</c> header to
    /// make retries safe: a retry with the same key and body returns the first response and creates
    /// nothing; the same key with a different body is refused with 422.
    /// </remarks>
    /// <param name="request">The article and its sources.</param>
    /// <param name="idempotencyKey">Any unique string (a UUID is typical), at most 200 characters.</param>
    /// <response code="201">The article was stored (or this is a replay of the first response to the key).</response>
    /// <response code="400">The request is malformed or fails validation.</response>
    /// <response code="413">The request body exceeds the size limit.</response>
    /// <response code="415">The body is not JSON.</response>
    /// <response code="422">The Idempotency-Key was already used with a different request.</response>
    /// <response code="429">The key's request budget is spent, or it has too many pages waiting to be fetched.</response>
    static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> CreateArticle(
        CreateArticleRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ArticleIngestion ingestion,
        HttpContext http,
        CancellationToken ct)
    {
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(char.IsControl)))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Idempotency-Key.",
                detail: "The Idempotency-Key header must be 1 to 200 printable characters.");

        var outcome = await ingestion.CreateAsync(request, idempotencyKey, Caller.Of(http.User), ct);
        switch (outcome)
        {
            case IngestionOutcome.Created created:
                return TypedResults.Created(LocationOf(created.Article.Id), created.Article);
            case IngestionOutcome.Replayed replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Created(LocationOf(replayed.Article.Id), replayed.Article);
            case IngestionOutcome.TooManyFetches tooMany:
                return Sources.FetchQuota.TooMany(http, tooMany.Pending, tooMany.Cap);
            case IngestionOutcome.Invalid invalid:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] },
                    title: "The request is invalid.", detail: invalid.Message);
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key already used.",
                    detail: "This Idempotency-Key was used for a different request. Use a new key for a new article.");
        }
    }

    /// <summary>List articles, newest first.</summary>
    /// <remarks>Cursor paging: pass the <c>nextCursor</c> of a page as <c>cursor</c> to get the next one.</remarks>
    /// <response code="200">A page of articles.</response>
    /// <response code="400">A filter, the limit or the cursor is invalid.</response>
    static async Task<Ok<Page<ArticleSummary>>> ListArticles([AsParameters] ListArticlesQuery query, FactCheckDbContext db, CancellationToken ct)
    {
        var limit = query.Limit ?? ListArticlesQuery.DefaultLimit;
        var articles = db.Articles.AsNoTracking();
        if (query.ParsedStatus is { } status) articles = articles.Where(a => a.Status == status);
        if (!string.IsNullOrWhiteSpace(query.Publisher)) articles = articles.Where(a => a.Publisher == query.Publisher.Trim());
        if (query.PublishedFrom is { } from) articles = articles.Where(a => a.PublishedAt >= from.ToUniversalTime());
        if (query.PublishedTo is { } to) articles = articles.Where(a => a.PublishedAt <= to.ToUniversalTime());
        if (ArticleCursor.TryDecode(query.Cursor, out var cursor))
            articles = articles.Where(a => a.CreatedAt < cursor.CreatedAt || (a.CreatedAt == cursor.CreatedAt && a.Id < cursor.Id));

        var rows = await articles
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Take(limit + 1)
            .Select(a => new ArticleSummary(a.Id, a.Title, a.Url, a.Publisher, a.PublishedAt, a.Language, a.Status, a.CreatedAt,
                a.Sources.Count, a.Claims.Count))
            .ToListAsync(ct);

        var next = rows.Count > limit ? ArticleCursor.Encode(rows[limit - 1].CreatedAt, rows[limit - 1].Id) : null;
        return TypedResults.Ok(new Page<ArticleSummary>(rows.Take(limit).ToList(), next));
    }

    /// <summary>Get an article with its sources, their fetch progress and its claims in text order, each with its current verdict (editorial over automatic: label, confidence, lean) and evidence count: one call reads an article.</summary>
    /// <response code="200">The article.</response>
    /// <response code="404">No article has this id.</response>
    static async Task<Results<Ok<ArticleResponse>, NotFoundProblem>> GetArticle(Guid id, FactCheckDbContext db, CancellationToken ct) =>
        await LoadAsync(db, id, ct) is { } article
            ? TypedResults.Ok(article.ToResponse(await EvidenceCountsAsync(db, id, ct)))
            : NotFoundProblem(id);

    /// <summary>Get the claims of an article, in the order they appear.</summary>
    /// <response code="200">The claims.</response>
    /// <response code="404">No article has this id.</response>
    static async Task<Results<Ok<IReadOnlyList<ClaimResponse>>, NotFoundProblem>> GetArticleClaims(Guid id, FactCheckDbContext db, CancellationToken ct) =>
        await LoadAsync(db, id, ct) is { } article
            ? TypedResults.Ok(article.ToResponse(await EvidenceCountsAsync(db, id, ct)).Claims)
            : NotFoundProblem(id);

    /// <summary>Delete an article with its sources, claims, evidence and verdicts.</summary>
    /// <remarks>
    /// Fetched documents stay: other articles may cite them. Who may delete: the key that submitted the article, or an
    /// admin. Editorial work is never lost to a submitter's delete: an article whose claims carry editorial verdicts
    /// can be deleted only by a key that also has the checker role (its owner) or by an admin.
    /// </remarks>
    /// <response code="204">Deleted.</response>
    /// <response code="403">The article is another key's, or it carries editorial verdicts and the key is no checker.</response>
    /// <response code="404">No article has this id.</response>
    static async Task<Results<NoContent, NotFoundProblem, ProblemHttpResult>> DeleteArticle(Guid id, FactCheckDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // FOR UPDATE: a verdict recorded while we decide cannot slip in between the check and the delete.
        var article = await db.Articles.FromSql($"SELECT * FROM articles WHERE id = {id} FOR UPDATE").AsNoTracking()
            .Select(a => new { a.Title, a.SubmittedBy, Editorial = a.Claims.Any(c => c.Verdicts.Any(v => v.Kind == VerdictKind.Editorial)) })
            .SingleOrDefaultAsync(ct);
        if (article is null) return NotFoundProblem(id);
        var caller = Caller.Of(http.User);
        var admin = http.User.IsInRole(Security.Roles.Admin);
        if (!admin && article.SubmittedBy != caller.Name)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your article.",
                detail: "Only the key that submitted an article, or an admin, may delete it.");
        if (!admin && article.Editorial && !http.User.IsInRole(Security.Roles.Checker))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The article carries editorial verdicts.",
                detail: "Fact-checkers have recorded verdicts on its claims: deleting it needs a checker or admin key.");
        var title = article.Title;
        if (await db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync(ct) == 0) return NotFoundProblem(id);
        Audit.Record(db, Caller.Of(http.User), Timestamps.Now(time), "article.deleted", "article", id, new { title });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static Task<Article?> LoadAsync(FactCheckDbContext db, Guid id, CancellationToken ct) =>
        db.Articles.AsNoTracking().AsSplitQuery()
            .Include(a => a.Sources).ThenInclude(s => s.Document)
            .Include(a => a.Claims).ThenInclude(c => c.Citations)
            .Include(a => a.Claims).ThenInclude(c => c.PreviousMatch).ThenInclude(p => p!.Review)
            .Include(a => a.Claims).ThenInclude(c => c.Verdicts)
            .SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>How many evidence rows each claim of the article has.</summary>
    static Task<Dictionary<Guid, int>> EvidenceCountsAsync(FactCheckDbContext db, Guid id, CancellationToken ct) =>
        db.Evidence.Where(e => e.Claim.ArticleId == id).GroupBy(e => e.ClaimId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    internal static NotFoundProblem NotFoundProblem(Guid id) => new("Article not found.", $"No article has the id {id}.");
}
