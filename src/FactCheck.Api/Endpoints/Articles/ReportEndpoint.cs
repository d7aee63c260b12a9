using System.Globalization;
using System.Text;
using FactCheck.Api.Data;
using FactCheck.Api.Endpoints.Claims;
using FactCheck.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Endpoints.Articles;

public static class ReportEndpoint
{
    public static RouteHandlerBuilder MapArticleReport(this RouteGroupBuilder articles) =>
        articles.MapGet("/{id:guid}/report", GetReport).WithName("GetArticleReport");

    /// <summary>A Markdown report of the article's claims, verdicts and evidence.</summary>
    /// <remarks>For editors and archives: every claim with its current verdict, the evidence per source, and the sources' state.</remarks>
    /// <response code="200">text/markdown.</response>
    /// <response code="404">No article has this id.</response>
    static async Task<Results<ContentHttpResult, NotFoundProblem>> GetReport(Guid id, FactCheckDbContext db, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().AsSplitQuery()
            .Include(a => a.Sources).ThenInclude(s => s.Document)
            .Include(a => a.Claims)
            .SingleOrDefaultAsync(a => a.Id == id, ct);
        if (article is null) return ArticleEndpoints.NotFoundProblem(id);

        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Fact-check report: {Escape(article.Title)}\n\n");
        if (article.Url is not null) md.Append(inv, $"Article: <{article.Url}>  \n");
        if (article.Publisher is not null) md.Append(inv, $"Publisher: {Escape(article.Publisher)}  \n");
        if (article.PublishedAt is { } published) md.Append(inv, $"Published: {published:yyyy-MM-dd}  \n");
        md.Append(inv, $"Status: {SnakeCaseEnumConverter<ArticleStatus>.NameOf(article.Status)}, {article.Claims.Count} claims, {article.Sources.Count} sources\n\n");

        md.Append("## Sources\n\n| label | url | state |\n|---|---|---|\n");
        foreach (var s in article.Sources.OrderBy(s => s.Ordinal))
            md.Append(inv, $"| {Escape(s.Label)} | {s.Url ?? "(pasted text)"} | {SnakeCaseEnumConverter<FetchStatus>.NameOf(s.Document?.Status ?? FetchStatus.Awaiting)}{(s.Document?.LastError is { } e ? ": " + Escape(e) : "")} |\n");

        md.Append("\n## Claims\n");
        var details = await ClaimEndpoints.LoadManyAsync(db.Claims.Where(c => c.ArticleId == id), ct);
        foreach (var (c, detail) in article.Claims.OrderBy(c => c.Ordinal).Zip(details))
        {
            md.Append(inv, $"\n### {c.Ordinal}. {Escape(c.Text)}\n\n");
            md.Append(inv, $"- Type: {c.Type}; check-worthiness {c.CheckWorthiness:F2}{(c.Speaker is null ? "" : "; speaker " + Escape(c.Speaker))}\n");
            md.Append(inv, $"- Workflow: {SnakeCaseEnumConverter<WorkflowStatus>.NameOf(detail.WorkflowStatus)}\n");
            if (detail.CurrentVerdict is { } v)
                md.Append(inv, $"- Verdict: **{v.Label}** ({(v.Kind == VerdictKind.Editorial ? "editorial, " + Escape(v.Reviewer ?? "") : $"automatic, confidence {v.Confidence:F2}")}){(v.Rationale is null ? "" : ": " + Escape(v.Rationale))}\n");
            else
                md.Append("- Verdict: none yet\n");
            foreach (var flag in detail.Citations.Where(x => x.Flag is not null))
                md.Append(inv, $"- ⚠ {Escape(flag.Label)}: {flag.Flag}\n");
            foreach (var e in detail.Evidence)
            {
                md.Append(inv, $"- Evidence ({e.Stance.ToString().ToLowerInvariant()}, {e.Score:F2}) from {Escape(e.SourceLabel)}: \"{Escape(e.Quote)}\"\n");
                if (e.Reasons.Count > 0) md.Append(inv, $"  - Why: {Escape(string.Join("; ", e.Reasons))}\n");
            }
        }
        return TypedResults.Content(md.ToString(), "text/markdown; charset=utf-8");
    }

    // Keeps user text from being read as Markdown structure.
    static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
