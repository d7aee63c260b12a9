using FactCheck.Api.Articles;
using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Data;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Claims;

/// <summary>One claim to check against the given sources.</summary>
/// <param name="Text">The claim, at most 2,000 characters. Stored as a one-claim article.</param>
/// <param name="Sources">Its sources, as in the articles API: URLs to fetch, pasted text, or both.</param>
public sealed record CheckClaimRequest(string? Text, IReadOnlyList<SourceRequest>? Sources = null);

public sealed class CheckClaimRequestValidator : AbstractValidator<CheckClaimRequest>
{
    public const int MaxLength = 2_000;

    public CheckClaimRequestValidator()
    {
        RuleFor(r => r.Text).NotEmpty().WithMessage("'text' is required.").MaximumLength(MaxLength);
        RuleFor(r => r.Sources).Must(s => s is null || s.Count <= CreateArticleRequestValidator.MaxSources)
            .WithMessage($"At most {CreateArticleRequestValidator.MaxSources} sources.");
        RuleForEach(r => r.Sources).NotNull().SetValidator(new SourceRequestValidator());
    }
}

public static class CheckClaimEndpoint
{
    public const int MaxWaitSeconds = 30;

    public static RouteHandlerBuilder MapCheckClaim(this RouteGroupBuilder claims) =>
        claims.MapPost("/check", CheckClaim).WithName("CheckClaim").WithValidation<CheckClaimRequest>().ForSubmitters();

    /// <summary>Check one claim against its sources.</summary>
    /// <remarks>
    /// Stores a one-claim article whose whole text is the claim, whatever its check-worthiness, and
    /// verifies it like any other. With <c>?wait=N</c> (at most 30 seconds) the answer is held until
    /// the automatic verdict is ready (200); otherwise, or if it is not ready in time, 202 with the
    /// claim's Location to poll.
    /// </remarks>
    /// <param name="wait">Seconds to wait for the verdict, 0 to 30 (default 0).</param>
    /// <response code="200">The claim with its verdict and evidence.</response>
    /// <response code="202">Accepted; the verdict is not ready yet. Poll Location.</response>
    /// <response code="400">Invalid request or wait.</response>
    /// <response code="429">The key's request budget is spent, or it has too many pages waiting to be fetched.</response>
    static async Task<Results<Ok<ClaimDetail>, Accepted<ClaimDetail>, ValidationProblem, ProblemHttpResult>> CheckClaim(
        CheckClaimRequest request, int? wait, ArticleIngestion ingestion, FactCheckDbContext db, HttpContext http, CancellationToken ct)
    {
        if (wait is < 0 or > MaxWaitSeconds)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["wait"] = [$"'wait' must be between 0 and {MaxWaitSeconds} seconds."] });
        var outcome = await ingestion.CreateAsync(new CreateArticleRequest(null, request.Text, Sources: request.Sources), null, Caller.Of(http.User), ct, singleClaim: true);
        if (outcome is IngestionOutcome.TooManyFetches tooMany) return Sources.FetchQuota.TooMany(http, tooMany.Pending, tooMany.Cap);
        if (outcome is not IngestionOutcome.Created created)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The claim could not be stored.");
        var claimId = created.Article.Claims.Single().Id;

        var deadline = DateTime.UtcNow.AddSeconds(wait ?? 0);
        while (true)
        {
            var hasVerdict = await db.Verdicts.AnyAsync(v => v.ClaimId == claimId && v.Kind == VerdictKind.Automatic, ct);
            if (hasVerdict) return TypedResults.Ok((await ClaimReadModel.LoadAsync(db, claimId, ct))!);
            if (DateTime.UtcNow >= deadline) break;
            await Task.Delay(100, ct);
        }
        return TypedResults.Accepted($"/api/v1/claims/{claimId}", (await ClaimReadModel.LoadAsync(db, claimId, ct))!);
    }
}
