using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Data;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Sources;

/// <summary>A cited source with the fetch state of the page behind it.</summary>
/// <param name="FetchStatus">pending, fetching, fetched, failed or blocked.</param>
/// <param name="Attempts">Fetch attempts so far.</param>
/// <param name="LastError">Why the last attempt failed or was blocked.</param>
/// <param name="NextAttemptAt">When a pending source is tried next.</param>
/// <param name="FinalUrl">Where redirects ended.</param>
/// <param name="DocumentTitle">The fetched page's title.</param>
/// <param name="Excerpt">The first 500 characters of its text.</param>
/// <param name="TextLength">Length of the extracted text.</param>
public sealed record SourceDetail(
    Guid Id, Guid ArticleId, string Label, int Ordinal, string? Url, string? Title, FetchStatus FetchStatus, int Attempts,
    string? LastError, int? HttpStatus, string? FinalUrl, string? ContentType, DateTimeOffset? FetchedAt, DateTimeOffset? NextAttemptAt,
    string? DocumentTitle, string? Excerpt, int TextLength, bool Pasted);

/// <summary>The page or text of a source that awaits one: a URL to fetch, or pasted text (not both).</summary>
/// <param name="Url">An absolute http or https URL.</param>
/// <param name="Content">The source's text, pasted.</param>
/// <param name="Title">A title for the source.</param>
public sealed record SupplySourceRequest(string? Url = null, string? Content = null, string? Title = null);

public sealed class SupplySourceRequestValidator : FluentValidation.AbstractValidator<SupplySourceRequest>
{
    public SupplySourceRequestValidator()
    {
        RuleFor(r => r).Must(r => string.IsNullOrWhiteSpace(r.Url) ^ string.IsNullOrWhiteSpace(r.Content))
            .WithName("url").WithMessage("Send either 'url' or 'content'.");
        RuleFor(r => r.Url!).MaximumLength(SourceRules.MaxUrlLength).Must(SourceRules.BeHttpUrl)
            .WithMessage("'url' must be an absolute http or https URL.").When(r => !string.IsNullOrWhiteSpace(r.Url));
        RuleFor(r => r.Content).MaximumLength(SourceRules.MaxContentLength);
        RuleFor(r => r.Title).MaximumLength(500);
    }
}

public static class SourceEndpoints
{
    public static RouteGroupBuilder MapSourceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sources").WithTags("Sources");
        group.MapGet("/{id:guid}", GetSource).WithName("GetSource").ForReaders();
        group.MapPost("/{id:guid}/refetch", Refetch).WithName("RefetchSource").ForCheckers(RateBudgets.Refetches);
        group.MapPut("/{id:guid}", Supply).WithName("SupplySource").WithValidation<SupplySourceRequest>().ForCheckers();
        return group;
    }

    /// <summary>Supply the URL or text of a source the article names without one.</summary>
    /// <remarks>
    /// A source listed by name only ("Related Sources: • Source 1 • Source 2" in a plain-text article) is
    /// <c>awaiting</c>: its claims are verified without it. Give it a URL (fetched like the rest) or pasted text, and
    /// the article is verified again once the source is final.
    /// </remarks>
    /// <response code="200">Supplied; poll the source (or its article) for its state.</response>
    /// <response code="400">Neither or both of 'url' and 'content', or an invalid URL.</response>
    /// <response code="404">No source has this id.</response>
    /// <response code="409">The source already has a URL or text (refetch it, or attach another source to the claim).</response>
    /// <response code="429">The key's request budget is spent, or it has too many pages waiting to be fetched.</response>
    static async Task<Results<Ok<SourceDetail>, NotFoundProblem, ProblemHttpResult>> Supply(
        Guid id, SupplySourceRequest request, FactCheckDbContext db, TimeProvider time, FetchSignal fetch, Verification.VerificationSignal verification,
        IOptions<FetchingOptions> fetching, HttpContext http, CancellationToken ct)
    {
        var source = await db.ArticleSources.Include(s => s.Article).Include(s => s.Document).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (source is null) return NotFound(id);
        if (source.DocumentId is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The source has its page already.",
                detail: source.Url is not null ? $"This source is {source.Url}; refetch it to read it again." : "This source is pasted text.");
        var now = Timestamps.Now(time);
        var caller = Caller.Of(http.User);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        source.Url = string.IsNullOrWhiteSpace(request.Url) ? null : request.Url.Trim();
        source.Content = source.Url is null ? request.Content : null;
        if (!string.IsNullOrWhiteSpace(request.Title)) source.Title = request.Title.Trim();
        source.Document = await SourceIntake.DocumentForAsync(db, source.Url, source.Content, caller, now, ct);
        var pending = SourceIntake.IsPending(source.Document);
        ArticleLifecycle.SourceChanged(source.Article, pending, now);
        Audit.Record(db, caller, now, "source.supplied", "source", id, new { source.Url, pasted = source.Url is null });
        if (await FetchQuota.SaveAndCommitAsync(db, transaction, caller, source.Url is not null, fetching.Value.MaxPendingFetchesPerKey, http, ct) is { } refused)
            return refused;
        if (pending) fetch.Notify(); else verification.Notify();
        return TypedResults.Ok((await LoadAsync(db, id, ct))!);
    }

    /// <summary>Get a source with its fetch state, last error and a text excerpt.</summary>
    /// <response code="200">The source.</response>
    /// <response code="404">No source has this id.</response>
    static async Task<Results<Ok<SourceDetail>, NotFoundProblem>> GetSource(Guid id, FactCheckDbContext db, CancellationToken ct) =>
        await LoadAsync(db, id, ct) is { } detail ? TypedResults.Ok(detail) : NotFound(id);

    /// <summary>Fetch a source's page again.</summary>
    /// <remarks>
    /// Queues the page for an immediate fetch, with attempts reset; a page that has not changed
    /// (304 to our ETag / If-Modified-Since) keeps its snapshot. Articles citing it wait for the result.
    /// </remarks>
    /// <response code="202">Queued; poll the source for its state.</response>
    /// <response code="404">No source has this id.</response>
    /// <response code="409">The source is pasted text: there is nothing to fetch.</response>
    /// <response code="429">The key's refetch budget is spent, or it has too many pages waiting to be fetched.</response>
    static async Task<Results<Accepted<SourceDetail>, NotFoundProblem, ProblemHttpResult>> Refetch(
        Guid id, FactCheckDbContext db, TimeProvider time, FetchSignal signal, IOptions<FetchingOptions> fetching, HttpContext http, CancellationToken ct)
    {
        var source = await db.ArticleSources.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.DocumentId, HasUrl = s.Document!.NormalizedUrl != null }).SingleOrDefaultAsync(ct);
        if (source is null) return NotFound(id);
        if (!source.HasUrl)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to fetch.",
                detail: "This source is pasted text without a URL.");

        var now = Timestamps.Now(time);
        var caller = Caller.Of(http.User);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SourceIntake.RequeueAsync(db, source.DocumentId!.Value, caller, now, ct);
        await ArticleLifecycle.RefetchRequestedAsync(db, source.DocumentId!.Value, now, ct);
        if (await FetchQuota.ExceededAsync(db, caller, fetching.Value.MaxPendingFetchesPerKey, ct) is { } pending)
        {
            await transaction.RollbackAsync(ct);
            return FetchQuota.TooMany(http, pending, fetching.Value.MaxPendingFetchesPerKey);
        }
        Audit.Record(db, caller, now, "source.refetch_requested", "source", id, new { documentId = source.DocumentId });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        signal.Notify();
        return TypedResults.Accepted($"/api/v1/sources/{id}", (await LoadAsync(db, id, ct))!);
    }

    static Task<SourceDetail?> LoadAsync(FactCheckDbContext db, Guid id, CancellationToken ct) =>
        db.ArticleSources.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SourceDetail(
                s.Id, s.ArticleId, s.Label, s.Ordinal, s.Url, s.Title,
                s.Document == null ? FetchStatus.Awaiting : s.Document.Status,
                s.Document == null ? 0 : s.Document.Attempts,
                s.Document!.LastError, s.Document.HttpStatus, s.Document.FinalUrl, s.Document.ContentType, s.Document.FetchedAt,
                s.Document.NextAttemptAt, s.Document.Title,
                s.Document.Text == null ? null : s.Document.Text.Substring(0, Math.Min(500, s.Document.Text.Length)),
                s.Document.Text == null ? 0 : s.Document.Text.Length,
                s.Document.NormalizedUrl == null))
            .SingleOrDefaultAsync(ct);

    static NotFoundProblem NotFound(Guid id) => new("Source not found.", $"No source has the id {id}.");
}
