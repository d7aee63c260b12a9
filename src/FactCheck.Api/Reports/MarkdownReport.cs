using System.Globalization;
using System.Text;
using FactCheck.Data;

namespace FactCheck.Api.Reports;

/// <summary>The report as Markdown: for archives, tickets and tools.</summary>
public static class MarkdownReport
{
    public static string Render(ReportData data)
    {
        var article = data.Article;
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Fact-check report: {Escape(article.Title)}\n\n");
        if (article.Url is not null) md.Append(inv, $"Article: <{article.Url}>  \n");
        if (article.Publisher is not null) md.Append(inv, $"Publisher: {Escape(article.Publisher)}  \n");
        if (article.PublishedAt is { } published) md.Append(inv, $"Published: {published:yyyy-MM-dd}  \n");
        md.Append(inv, $"Status: {SnakeCaseEnumConverter<ArticleStatus>.NameOf(article.Status)}, {data.Claims.Count} claims, {article.Sources.Count} sources\n\n");

        md.Append("## Sources\n\n| label | url | state |\n|---|---|---|\n");
        foreach (var s in article.Sources.OrderBy(s => s.Ordinal))
            md.Append(inv, $"| {Escape(s.Label)} | {s.Url ?? "(pasted text)"} | {SnakeCaseEnumConverter<FetchStatus>.NameOf(s.Document?.Status ?? FetchStatus.Awaiting)}{(s.Document?.LastError is { } e ? ": " + Escape(e) : "")} |\n");

        md.Append("\n## Claims\n");
        foreach (var c in data.Claims)
        {
            md.Append(inv, $"\n### {c.Ordinal}. {Escape(c.Text)}\n\n");
            md.Append(inv, $"- Type: {c.Type}; check-worthiness {c.CheckWorthiness:F2}{(c.Speaker is null ? "" : "; speaker " + Escape(c.Speaker))}\n");
            md.Append(inv, $"- Workflow: {SnakeCaseEnumConverter<WorkflowStatus>.NameOf(c.WorkflowStatus)}\n");
            if (c.CurrentVerdict is { } v)
                md.Append(inv, $"- Verdict: **{v.Label}** ({(v.Kind == VerdictKind.Editorial ? "editorial, " + Escape(v.Reviewer ?? "") : $"automatic, confidence {v.Confidence:F2}")}){(v.Lean is null ? "" : $", leans {v.Lean.Replace('_', ' ')} (not a verdict)")}{(v.Rationale is null ? "" : ": " + Escape(v.Rationale))}\n");
            else
                md.Append("- Verdict: none yet\n");
            foreach (var flag in c.Citations.Where(x => x.Flag is not null))
                md.Append(inv, $"- ⚠ {Escape(flag.Label)}: {flag.Flag}\n");
            // The rows the current verdict rests on are marked: a row reading "supports, 0.49" under a verdict that counts
            // only decisive sources is a lean, not one of the sources counted.
            var restsOn = c.CurrentVerdict?.EvidenceIds.ToHashSet() ?? [];
            foreach (var e in c.Evidence)
            {
                md.Append(inv, $"- Evidence ({e.Stance.ToString().ToLowerInvariant()}, {e.Score:F2}{(restsOn.Contains(e.Id) ? "; the verdict rests on it" : "")}) from {Escape(e.SourceLabel)}{(e.Page is { } page ? $", p. {page}" : "")}: \"{Escape(e.Quote)}\"\n");
                if (e.Reasons.Count > 0) md.Append(inv, $"  - Why: {Escape(string.Join("; ", e.Reasons))}\n");
            }
            foreach (var h in c.EditorialHistory.Skip(c.CurrentVerdict?.Kind == VerdictKind.Editorial ? 1 : 0))
                md.Append(inv, $"- Earlier editorial verdict: {h.Label} by {Escape(h.Reviewer ?? "")} on {h.CreatedAt:yyyy-MM-dd HH:mm}{(h.Rationale is null ? "" : ": " + Escape(h.Rationale))}\n");
        }
        return md.ToString();
    }

    // Keeps user text from being read as Markdown structure.
    static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
