using FactCheck.Api.Articles;
using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Api.Sources;
using FactCheck.Data;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Claims;

/// <summary>A source a fact-checker attaches to a claim: one of the article's sources, a new URL, or pasted text.</summary>
/// <param name="SourceId">An existing source of the claim's article.</param>
/// <param name="Url">A new page to fetch.</param>
/// <param name="Content">New pasted text.</param>
/// <param name="Label">Label of a new source; "Source N" by default.</param>
public sealed record AddCitationRequest(Guid? SourceId = null, string? Url = null, string? Content = null, string? Label = null, string? Title = null);

public sealed class AddCitationRequestValidator : AbstractValidator<AddCitationRequest>
{
    public AddCitationRequestValidator()
    {
        RuleFor(r => r).Must(r => r.SourceId is not null ^ (!string.IsNullOrWhiteSpace(r.Url) || !string.IsNullOrWhiteSpace(r.Content)))
            .WithName("sourceId").WithMessage("Send either 'sourceId' or a new source ('url' and/or 'content').");
        RuleFor(r => r.Url!).MaximumLength(CreateArticleRequestValidator.MaxUrlLength).Must(CreateArticleRequestValidator.BeHttpUrl)
            .WithMessage("'url' must be an absolute http or https URL.").When(r => r.Url is not null);
        RuleFor(r => r.Content).MaximumLength(CreateArticleRequestValidator.MaxBodyLength);
        RuleFor(r => r.Label).MaximumLength(100);
        RuleFor(r => r.Title).MaximumLength(500);
    }
}

public static class AddCitationEndpoint
{
    public static RouteHandlerBuilder MapAddCitation(this RouteGroupBuilder claims) =>
        claims.MapPost("/{id:guid}/citations", AddCitation).WithName("AddCitation").WithValidation<AddCitationRequest>().ForCheckers();

    /// <summary>Attach a source to a claim.</summary>
    /// <remarks>
    /// An existing source of the article, a new URL (fetched like the rest) or pasted text. The article is
    /// verified again once the source is final.
    /// </remarks>
    /// <response code="201">Attached (kind manual).</response>
    /// <response code="400">Invalid request, or a source of another article.</response>
    /// <response code="404">No claim has this id.</response>
    /// <response code="409">The source is already cited by the claim, or the label is taken, or the article has 50 sources.</response>
    /// <response code="429">The key's request budget is spent, or it has too many pages waiting to be fetched.</response>
    static async Task<Results<Created<ClaimCitationDetail>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> AddCitation(
        Guid id, AddCitationRequest request, FactCheckDbContext db, TimeProvider time, FetchSignal fetch, Verification.VerificationSignal verification,
        Microsoft.Extensions.Options.IOptions<FetchingOptions> fetching, HttpContext http, CancellationToken ct)
    {
        var caller = Security.Caller.Of(http.User);
        var claim = await db.Claims.AsSplitQuery().Include(c => c.Citations).Include(c => c.Article).ThenInclude(a => a.Sources).ThenInclude(s => s.Document)
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (claim is null) return new NotFoundProblem("Claim not found.", $"No claim has the id {id}.");
        var now = Timestamps.Now(time);
        var article = claim.Article;
        // One transaction from the document upsert on: a refused request leaves no queued page behind.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        ArticleSource source;
        if (request.SourceId is { } sourceId)
        {
            source = article.Sources.SingleOrDefault(s => s.Id == sourceId)!;
            if (source is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sourceId"] = ["Not a source of this claim's article."] });
        }
        else
        {
            if (article.Sources.Count >= CreateArticleRequestValidator.MaxSources)
                return Conflict($"The article already cites {CreateArticleRequestValidator.MaxSources} sources.");
            var label = string.IsNullOrWhiteSpace(request.Label) ? $"Source {article.Sources.Count + 1}" : request.Label.Trim();
            if (article.Sources.Any(s => string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase)))
                return Conflict($"The article already has a source labelled '{label}'.");
            source = new ArticleSource
            {
                Id = Guid.CreateVersion7(now), ArticleId = article.Id, Label = label, Ordinal = article.Sources.Max(s => (int?)s.Ordinal) + 1 ?? 1,
                Url = request.Url?.Trim(), Title = request.Title, Content = string.IsNullOrWhiteSpace(request.Content) ? null : request.Content, CreatedAt = now,
            };
            source.Document = await Sources.SourceIntake.DocumentForAsync(db, source.Url, source.Content, caller, now, ct);
            db.ArticleSources.Add(source);
        }
        if (claim.Citations.Any(c => c.ArticleSourceId == source.Id))
            return Conflict("The claim already cites this source.");

        var citation = new ClaimCitation { Id = Guid.CreateVersion7(now), ClaimId = claim.Id, ArticleSourceId = source.Id, Kind = CitationKind.Manual, CreatedAt = now };
        db.ClaimCitations.Add(citation);
        // Verify again once the new source is final.
        var pending = Sources.SourceIntake.IsPending(source.Document);
        ArticleLifecycle.SourceChanged(article, pending, now);
        Security.Audit.Record(db, caller, now, "citation.created", "claim", claim.Id, new { sourceId = source.Id, source.Label, source.Url });
        if (await FetchQuota.SaveAndCommitAsync(db, transaction, caller, source.Url is not null, fetching.Value.MaxPendingFetchesPerKey, http, ct) is { } refused)
            return refused;
        if (pending) fetch.Notify(); else verification.Notify();
        return TypedResults.Created($"/api/v1/claims/{id}",
            new ClaimCitationDetail(source.Id, source.Label, source.Url, citation.Kind, null, source.Document?.Status ?? FetchStatus.Awaiting, null));
    }

    static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Citation not added.", detail: detail);
}
