using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Api.Verification;
using FactCheck.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Claims;

public static class ClaimEndpoints
{
    static readonly JsonSerializerOptions Json = CreateJson();

    public static RouteGroupBuilder MapClaimEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/claims").WithTags("Claims");
        group.MapGet("/{id:guid}", GetClaim).WithName("GetClaim").ForReaders();
        group.MapPost("/{id:guid}/verdicts", AddVerdict).WithName("AddVerdict").WithValidation<AddVerdictRequest>()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).ForCheckers();
        group.MapPut("/{id:guid}/status", ChangeStatus).WithName("ChangeClaimStatus").WithValidation<ChangeStatusRequest>()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).ForCheckers();
        group.MapGet("/{id:guid}/claimreview", GetClaimReview).WithName("GetClaimReview")
            .Produces<string>(StatusCodes.Status200OK, "application/ld+json").ForReaders();
        group.MapCheckClaim();
        group.MapAddCitation();
        return group;
    }

    /// <summary>Get a claim with its citations, evidence, automatic verdict and editorial history.</summary>
    /// <remarks>The ETag header (also in the body) is what If-Match must carry to change the claim.</remarks>
    /// <response code="200">The claim.</response>
    /// <response code="404">No claim has this id.</response>
    static async Task<Results<Ok<ClaimDetail>, NotFoundProblem>> GetClaim(Guid id, FactCheckDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await ClaimReadModel.LoadAsync(db, id, ct) is not { } claim) return NotFound(id);
        http.Response.Headers.ETag = claim.ETag;
        return TypedResults.Ok(claim);
    }

    /// <summary>Record a fact-checker's verdict.</summary>
    /// <remarks>
    /// Requires <c>If-Match</c> with the claim's current ETag, so two fact-checkers cannot overwrite each
    /// other unknowingly: a stale ETag gets 412 and changes nothing. History is append-only. An unreviewed
    /// or in-review claim becomes reviewed. The reviewer is the caller's identity, never a field of the body.
    /// </remarks>
    /// <response code="201">Recorded; the new ETag is in the ETag header.</response>
    /// <response code="400">Unknown rating, or evidence that is not this claim's.</response>
    /// <response code="404">No claim has this id.</response>
    /// <response code="412">The ETag is stale: someone changed the claim since you read it.</response>
    /// <response code="428">If-Match is missing.</response>
    static async Task<Results<Created<VerdictResponse>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> AddVerdict(
        Guid id, AddVerdictRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimWorkflow workflow, HttpContext http, CancellationToken ct)
    {
        if (IfMatch.Parse(ifMatch) is not { } condition) return PreconditionRequired();
        var (result, verdict, version) = await workflow.AddVerdictAsync(id, condition.Matches, request.Rating!, request.Rationale,
            request.EvidenceIds?.Distinct().ToList() ?? [], Caller.Of(http.User), ct);
        switch (result)
        {
            case WorkflowResult.NotFound: return NotFound(id);
            case WorkflowResult.Stale: return PreconditionFailed();
            case WorkflowResult.UnknownEvidence:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["evidenceIds"] = ["Every evidence id must be evidence of this claim."] });
        }
        http.Response.Headers.ETag = ClaimReadModel.ETagOf(version);
        return TypedResults.Created($"/api/v1/claims/{id}", VerdictResponse.From(verdict!));
    }

    /// <summary>Move a claim through the workflow: unreviewed → in_review → reviewed → published.</summary>
    /// <remarks>
    /// Allowed: unreviewed → in_review; in_review → unreviewed or reviewed (needs an editorial verdict);
    /// reviewed → in_review or published; published → in_review (a correction). Requires If-Match.
    /// </remarks>
    /// <response code="200">Moved; the new ETag is in the ETag header.</response>
    /// <response code="404">No claim has this id.</response>
    /// <response code="409">The move is not allowed from the claim's current status.</response>
    /// <response code="412">The ETag is stale.</response>
    /// <response code="428">If-Match is missing.</response>
    static async Task<Results<Ok<ClaimDetail>, NotFoundProblem, ProblemHttpResult>> ChangeStatus(
        Guid id, ChangeStatusRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimWorkflow workflow, FactCheckDbContext db, HttpContext http, CancellationToken ct)
    {
        if (IfMatch.Parse(ifMatch) is not { } condition) return PreconditionRequired();
        var target = request.Status!.Value;
        var (result, from) = await workflow.ChangeStatusAsync(id, condition.Matches, target, Caller.Of(http.User), ct);
        switch (result)
        {
            case WorkflowResult.NotFound: return NotFound(id);
            case WorkflowResult.Stale: return PreconditionFailed();
            case WorkflowResult.NotAllowed:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Transition not allowed.",
                    detail: $"A claim cannot move from {ClaimWorkflow.Name(from)} to {ClaimWorkflow.Name(target)}.");
            case WorkflowResult.NoEditorialVerdict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No editorial verdict.",
                    detail: "Record a verdict before marking the claim reviewed.");
        }
        var detail = (await ClaimReadModel.LoadAsync(db, id, ct))!;
        http.Response.Headers.ETag = detail.ETag;
        return TypedResults.Ok(detail);
    }

    /// <summary>The claim's current verdict as schema.org ClaimReview JSON-LD.</summary>
    /// <remarks>For publishing to search engines and fact-check aggregators. Needs an editorial verdict.</remarks>
    /// <response code="200">application/ld+json.</response>
    /// <response code="404">No claim has this id.</response>
    /// <response code="409">The claim has no editorial verdict yet.</response>
    static async Task<Results<ContentHttpResult, NotFoundProblem, ProblemHttpResult>> GetClaimReview(
        Guid id, FactCheckDbContext db, IOptions<RatingScaleOptions> scale, HttpContext http, CancellationToken ct)
    {
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new
            {
                c.Id, c.Text, c.Speaker, ArticleUrl = c.Article.Url, c.Article.Publisher, c.Article.PublishedAt,
                Verdict = c.Verdicts.Where(v => v.Kind == VerdictKind.Editorial).OrderByDescending(v => v.CreatedAt).FirstOrDefault(),
            }).SingleOrDefaultAsync(ct);
        if (claim is null) return NotFound(id);
        if (claim.Verdict is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No editorial verdict.",
                detail: "A ClaimReview needs a fact-checker's verdict: record one first.");

        var rating = scale.Value.Find(claim.Verdict.Label);
        var request = http.Request;
        var reviewUrl = $"{request.Scheme}://{request.Host}/api/v1/claims/{claim.Id}";
        var reviewRating = new Dictionary<string, object?> { ["@type"] = "Rating", ["alternateName"] = rating?.Label ?? claim.Verdict.Label };
        if (rating?.Value is { } value)
        {
            reviewRating["ratingValue"] = value;
            reviewRating["bestRating"] = scale.Value.BestRating;
            reviewRating["worstRating"] = scale.Value.WorstRating;
        }
        var itemReviewed = new Dictionary<string, object?> { ["@type"] = "Claim" };
        if (claim.Speaker is not null) itemReviewed["author"] = Thing("Person", claim.Speaker);
        if (claim.PublishedAt is { } published) itemReviewed["datePublished"] = published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (claim.ArticleUrl is not null)
            itemReviewed["appearance"] = new Dictionary<string, object?> { ["@type"] = "CreativeWork", ["url"] = claim.ArticleUrl, ["publisher"] = claim.Publisher };
        var review = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["url"] = reviewUrl,
            ["claimReviewed"] = claim.Text,
            ["datePublished"] = claim.Verdict.CreatedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["author"] = Thing("Organization", "FactCheck"),
            ["reviewRating"] = reviewRating,
            ["itemReviewed"] = itemReviewed,
        };
        if (claim.Verdict.Reviewer is { } reviewer) review["creator"] = Thing("Person", reviewer);
        return TypedResults.Content(JsonSerializer.Serialize(review, Json), "application/ld+json");
    }

    static Dictionary<string, object?> Thing(string type, string name) => new() { ["@type"] = type, ["name"] = name };


    // If-Match: "v3" (or W/"v3"); several values are allowed, the first that parses counts.
    /// <summary>
    /// An If-Match header as RFC 9110 (13.1.1) reads it: <c>*</c> matches any current claim; otherwise a list of entity
    /// tags compared strongly, so a weak tag (<c>W/"v7"</c>) never matches. The compare-and-set on the version that
    /// follows still lets exactly one of two concurrent writers through.
    /// </summary>
    readonly record struct IfMatch(bool Any, IReadOnlyList<int> Versions)
    {
        public bool Matches(int version) => Any || Versions.Contains(version);

        /// <summary>Null when the header is missing (428).</summary>
        public static IfMatch? Parse(string? header)
        {
            if (string.IsNullOrWhiteSpace(header)) return null;
            if (header.Trim() == "*") return new IfMatch(true, []);
            var versions = new List<int>();
            foreach (var part in header.Split(','))
            {
                var tag = part.Trim();
                // Weak tags are skipped: If-Match uses the strong comparison. Tags that are not ours can only be stale.
                if (tag.Length > 3 && tag[0] == '"' && tag[1] == 'v' && tag[^1] == '"' && int.TryParse(tag[2..^1], out var version)) versions.Add(version);
            }
            return new IfMatch(false, versions);
        }
    }

    static ProblemHttpResult PreconditionRequired() => TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired,
        title: "If-Match required.", detail: "Send the claim's current ETag in If-Match (GET the claim to read it).");

    static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The claim has changed.", detail: "Your If-Match ETag is stale: GET the claim again, review the changes, then retry.");

    static NotFoundProblem NotFound(Guid id) => new("Claim not found.", $"No claim has the id {id}.");

    static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        return options;
    }
}
