using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FactCheck.Api.Reports;

/// <summary>A share link to make.</summary>
/// <param name="ExpiresInHours">How long it works: 1 to 168 hours; 24 when left out.</param>
public sealed record CreateReportLinkRequest(int? ExpiresInHours = null);

public sealed class CreateReportLinkRequestValidator : AbstractValidator<CreateReportLinkRequest>
{
    public CreateReportLinkRequestValidator() =>
        RuleFor(r => r.ExpiresInHours).InclusiveBetween(1, 168).When(r => r.ExpiresInHours is not null)
            .WithMessage("'expiresInHours' must be between 1 and 168.");
}

/// <summary>A link that opens one article's report in a browser, without a key, until it expires.</summary>
/// <param name="Url">Open it or send it: it shows the HTML report, read-only, and nothing else.</param>
public sealed record ReportLinkResponse(string Url, DateTimeOffset ExpiresAt);

public static class ReportEndpoints
{
    public const string SharedPath = "/reports";

    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section);
        builder.Services.AddSingleton<ReportLinks>();
        return builder;
    }

    public static RouteGroupBuilder MapArticleReport(this RouteGroupBuilder articles)
    {
        articles.MapGet("/{id:guid}/report", GetReport).WithName("GetArticleReport")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown", "text/html").ForReaders();
        articles.MapPost("/{id:guid}/report-links", CreateLink).WithName("CreateReportLink").WithValidation<CreateReportLinkRequest>().ForReaders();
        return articles;
    }

    public static IEndpointRouteBuilder MapSharedReports(this IEndpointRouteBuilder app)
    {
        app.MapGet(SharedPath + "/{token}", GetShared).WithName("GetSharedReport").WithTags("Articles")
            .Produces<string>(StatusCodes.Status200OK, "text/html").AllowAnonymous();
        return app;
    }

    /// <summary>The article's report: Markdown, or a printable HTML page when the client asks for text/html (as a browser does).</summary>
    /// <remarks>
    /// Every claim with its current verdict, the evidence per source with the stance reasons, citation flags, the
    /// editorial history, and the sources' state. A browser cannot send X-Api-Key: make a share link with
    /// POST …/report-links and open that instead.
    /// </remarks>
    /// <response code="200">text/markdown (the default) or text/html.</response>
    /// <response code="404">No article has this id.</response>
    static async Task<Results<ContentHttpResult, NotFoundProblem>> GetReport(Guid id, FactCheck.Data.FactCheckDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var data = await ReportData.LoadAsync(db, id, ct);
        if (data is null) return ArticleNotFound(id);
        return WantsHtml(http.Request) ? Html(http, data, time) : TypedResults.Content(MarkdownReport.Render(data), "text/markdown; charset=utf-8");
    }

    /// <summary>Make a share link to the article's HTML report: signed, expiring, read-only, without the key.</summary>
    /// <remarks>Anyone holding the link can read this one report until it expires (24 hours unless asked otherwise), and nothing else.</remarks>
    /// <response code="201">The link and when it expires.</response>
    /// <response code="404">No article has this id.</response>
    static async Task<Results<Created<ReportLinkResponse>, NotFoundProblem>> CreateLink(Guid id, CreateReportLinkRequest? request, FactCheck.Data.FactCheckDbContext db,
        ReportLinks links, IOptions<ReportOptions> options, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == id, ct)) return ArticleNotFound(id);
        var lifetime = request?.ExpiresInHours is { } hours ? TimeSpan.FromHours(hours) : options.Value.LinkLifetime;
        if (lifetime > options.Value.MaxLinkLifetime) lifetime = options.Value.MaxLinkLifetime;
        var expires = DateTimeOffset.FromUnixTimeSeconds((Timestamps.Now(time) + lifetime).ToUnixTimeSeconds());
        var token = await links.CreateAsync(id, expires, ct);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{SharedPath}/{token}";
        return TypedResults.Created(url, new ReportLinkResponse(url, expires));
    }

    /// <summary>A shared report (no key: the link is the permission).</summary>
    /// <response code="200">The HTML report.</response>
    /// <response code="404">The link is not one this service made, or was altered, or its article is gone.</response>
    /// <response code="410">The link has expired.</response>
    static async Task<Results<ContentHttpResult, NotFoundProblem, ProblemHttpResult>> GetShared(string token, FactCheck.Data.FactCheckDbContext db,
        ReportLinks links, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (check, articleId, expires) = await links.VerifyAsync(token, time.GetUtcNow(), ct);
        if (check == ReportLinks.Check.Expired)
            return TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "The report link has expired.",
                detail: $"It expired at {expires:u}. Ask for a new link.");
        var data = check == ReportLinks.Check.Valid ? await ReportData.LoadAsync(db, articleId, ct) : null;
        if (data is null) return new NotFoundProblem("Report link not valid.", "No report answers to this link.");
        return Html(http, data, time);
    }

    static ContentHttpResult Html(HttpContext http, ReportData data, TimeProvider time)
    {
        var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        HtmlReport.SecurityHeaders(http.Response, nonce);
        return TypedResults.Content(HtmlReport.Render(data, nonce, time.GetUtcNow()), "text/html; charset=utf-8");
    }

    /// <summary>HTML when text/html is acceptable and preferred at least as much as text/markdown (a browser's Accept); Markdown otherwise.</summary>
    static bool WantsHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1.0).DefaultIfEmpty(0).Max();
        var html = Quality("text/html");
        return html > 0 && html >= Quality("text/markdown");
    }

    static NotFoundProblem ArticleNotFound(Guid id) => new("Article not found.", $"No article has the id {id}.");
}
