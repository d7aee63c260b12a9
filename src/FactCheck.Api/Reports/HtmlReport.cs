using System.Globalization;
using System.Net;
using System.Text;
using FactCheck.Api.Claims;
using FactCheck.Data;

namespace FactCheck.Api.Reports;

/// <summary>
/// The report as one self-contained, printable HTML page: the article text with each claim highlighted by its
/// current verdict, then per claim the verdict, the evidence quotes beside their sources with the stance reasons,
/// the citation flags and the editorial history, then the sources. Everything that came from input (article,
/// sources, fetched pages, rationales) is HTML-encoded; the page has no script, and its Content-Security-Policy
/// (<see cref="SecurityHeaders"/>) forbids any.
/// </summary>
public static class HtmlReport
{
    /// <summary>The response headers of a report page: no script, no outside resource, no referrer (a share link stays private).</summary>
    public static void SecurityHeaders(HttpResponse response, string nonce)
    {
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "private, no-store";
    }

    public static string Render(ReportData data, string nonce, DateTimeOffset now)
    {
        var article = data.Article;
        var inv = CultureInfo.InvariantCulture;
        var h = new StringBuilder(16_384);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
         .Append("<title>Fact-check report: ").Append(E(article.Title)).Append("</title>")
         .Append("<style nonce=\"").Append(nonce).Append("\">").Append(Style).Append("</style></head><body>\n");

        h.Append("<header><p class=\"kicker\">Fact-check report</p><h1>").Append(E(article.Title)).Append("</h1><p class=\"meta\">");
        var meta = new List<string>();
        if (article.Publisher is not null) meta.Add(E(article.Publisher));
        if (article.PublishedAt is { } published) meta.Add("published " + published.ToString("yyyy-MM-dd", inv));
        meta.Add(SnakeCaseEnumConverter<ArticleStatus>.NameOf(article.Status).Replace('_', ' '));
        meta.Add(string.Create(inv, $"{data.Claims.Count} claims, {article.Sources.Count} sources"));
        h.Append(string.Join(" · ", meta));
        if (Link(article.Url) is { } articleUrl) h.Append(" · <a href=\"").Append(articleUrl).Append("\" rel=\"noopener noreferrer\">original</a>");
        h.Append("</p><p class=\"legend\">");
        foreach (var (label, css) in new[] { ("supported / true", "ok"), ("refuted / false", "bad"), ("conflicting / mixed", "mixed"), ("not enough evidence", "none"), ("no verdict", "") })
            h.Append("<span class=\"v ").Append(css).Append("\">").Append(label).Append("</span> ");
        h.Append("</p></header>\n");

        // The article with its claims marked (claims never overlap in extraction; an overlapping one is skipped here).
        h.Append("<section id=\"article\"><h2>Article</h2><div class=\"body\">");
        var body = article.Body;
        var at = 0;
        foreach (var c in data.Claims.Where(c => c.Start >= 0 && c.End <= body.Length && c.Start < c.End).OrderBy(c => c.Start).ThenByDescending(c => c.End))
        {
            if (c.Start < at) continue;
            h.Append(E(body[at..c.Start]));
            h.Append("<mark class=\"v ").Append(Css(c.CurrentVerdict?.Label)).Append("\" title=\"").Append(E(c.CurrentVerdict?.Label ?? "no verdict")).Append("\">")
             .Append(E(body[c.Start..c.End])).Append("</mark><sup><a href=\"#claim-").Append(c.Ordinal.ToString(inv)).Append("\">")
             .Append(c.Ordinal.ToString(inv)).Append("</a></sup>");
            at = c.End;
        }
        h.Append(E(body[at..])).Append("</div></section>\n");

        h.Append("<section id=\"claims\"><h2>Claims</h2>\n");
        foreach (var c in data.Claims) Claim(h, c, inv);
        h.Append("</section>\n");

        h.Append("<section id=\"sources\"><h2>Sources</h2><table><thead><tr><th>Source</th><th>Page</th><th>State</th></tr></thead><tbody>");
        foreach (var s in article.Sources.OrderBy(s => s.Ordinal))
        {
            var state = SnakeCaseEnumConverter<FetchStatus>.NameOf(s.Document?.Status ?? FetchStatus.Awaiting);
            h.Append("<tr><td>").Append(E(s.Label)).Append("</td><td>");
            if (Link(s.Url) is { } url) h.Append("<a href=\"").Append(url).Append("\" rel=\"noopener noreferrer\">").Append(E(s.Url!)).Append("</a>");
            else h.Append(s.Url is null ? "pasted text" : E(s.Url));
            if (s.Document?.Title is { } title) h.Append("<br><span class=\"small\">").Append(E(title)).Append("</span>");
            h.Append("</td><td>").Append(E(state));
            if (s.Document?.LastError is { } error) h.Append(": <span class=\"small\">").Append(E(error)).Append("</span>");
            h.Append("</td></tr>");
        }
        h.Append("</tbody></table></section>\n");
        h.Append("<footer>Generated ").Append(now.ToString("yyyy-MM-dd HH:mm 'UTC'", inv))
         .Append(" by FactCheck. Automatic verdicts are proposals for fact-checkers, not findings.</footer></body></html>\n");
        return h.ToString();
    }

    static void Claim(StringBuilder h, ClaimDetail c, CultureInfo inv)
    {
        var ordinal = c.Ordinal.ToString(inv);
        h.Append("<article class=\"claim\" id=\"claim-").Append(ordinal).Append("\"><h3><span class=\"v ").Append(Css(c.CurrentVerdict?.Label)).Append("\">")
         .Append(E(c.CurrentVerdict?.Label.Replace('_', ' ') ?? "no verdict")).Append("</span> ").Append(ordinal).Append(". ").Append(E(c.Text)).Append("</h3>");
        h.Append("<p class=\"meta\">").Append(E(c.Type)).Append(string.Create(inv, $" · check-worthiness {c.CheckWorthiness:F2}"));
        if (c.Speaker is not null) h.Append(" · speaker ").Append(E(c.Speaker));
        h.Append(" · workflow ").Append(SnakeCaseEnumConverter<WorkflowStatus>.NameOf(c.WorkflowStatus).Replace('_', ' ')).Append("</p>");

        if (c.CurrentVerdict is { } v)
        {
            h.Append("<p class=\"verdict\"><strong>").Append(E(v.Label.Replace('_', ' '))).Append("</strong> (");
            h.Append(v.Kind == VerdictKind.Editorial
                ? "editorial, " + E(v.Reviewer ?? "a fact-checker") + ", " + v.CreatedAt.ToString("yyyy-MM-dd", inv)
                : string.Create(inv, $"automatic, confidence {v.Confidence:F2}"));
            h.Append(')');
            // A lean is not a verdict: shown in grey beside "not enough evidence", never in the verdict's colour.
            if (v.Lean is { } lean) h.Append(" <span class=\"lean\">leans ").Append(E(lean.Replace('_', ' '))).Append("</span>");
            if (v.Rationale is not null) h.Append(": ").Append(E(v.Rationale));
            h.Append("</p>");
        }
        if (c.AutomaticVerdict is { } auto && c.CurrentVerdict?.Kind == VerdictKind.Editorial)
            h.Append("<p class=\"small\">The engine proposed ").Append(E(auto.Label.Replace('_', ' ')))
             .Append(string.Create(inv, $" (confidence {auto.Confidence:F2})")).Append(auto.Rationale is null ? "" : ": " + E(auto.Rationale)).Append("</p>");

        var flags = c.Citations.Where(x => x.Flag is not null).ToList();
        if (flags.Count > 0)
        {
            h.Append("<ul class=\"flags\">");
            foreach (var f in flags) h.Append("<li>⚠ ").Append(E(f.Label)).Append(": ").Append(E(f.Flag!)).Append("</li>");
            h.Append("</ul>");
        }

        if (c.Evidence.Count > 0)
        {
            h.Append("<table class=\"evidence\"><thead><tr><th>Source</th><th>Evidence</th><th>Stance</th></tr></thead><tbody>");
            foreach (var e in c.Evidence)
            {
                h.Append("<tr><td class=\"source\">").Append(E(e.SourceLabel));
                if (e.Page is { } page) h.Append(string.Create(inv, $", p.&nbsp;{page}"));
                if (Link(e.SourceUrl) is { } url) h.Append("<br><a class=\"small\" href=\"").Append(url).Append("\" rel=\"noopener noreferrer\">").Append(E(Host(e.SourceUrl!))).Append("</a>");
                h.Append("</td><td class=\"quote\"><q>").Append(E(e.Quote)).Append("</q>");
                if (e.Reasons.Count > 0) h.Append("<br><span class=\"small\">Why: ").Append(E(string.Join("; ", e.Reasons))).Append("</span>");
                // The stance in words; the model's probability is secondary, and a passage that settles nothing shows none
                // (a "0.96" beside it read like strong evidence).
                var stance = e.Stance.ToString().ToLowerInvariant();
                h.Append("</td><td class=\"stance\"><span class=\"v ").Append(stance switch { "supports" => "ok", "refutes" => "bad", _ => "none" }).Append("\">")
                 .Append(stance switch { "supports" => "Supports the claim", "refutes" => "Contradicts the claim", _ => "Does not settle it" }).Append("</span>");
                if (stance is "supports" or "refutes") h.Append(string.Create(inv, $"<br><span class=\"small\">model {e.Score:F2}</span>"));
                h.Append("</td></tr>");
            }
            h.Append("</tbody></table>");
        }
        else
        {
            h.Append("<p class=\"small\">No evidence found in the cited sources.</p>");
        }

        if (c.EditorialHistory.Count > 0)
        {
            h.Append("<details open><summary>Editorial history</summary><ol class=\"history\">");
            foreach (var e in c.EditorialHistory)
            {
                h.Append("<li>").Append(e.CreatedAt.ToString("yyyy-MM-dd HH:mm", inv)).Append(" · ").Append(E(e.Reviewer ?? "a fact-checker"))
                 .Append(": <strong>").Append(E(e.Label.Replace('_', ' '))).Append("</strong>");
                if (e.Rationale is not null) h.Append(" — ").Append(E(e.Rationale));
                h.Append("</li>");
            }
            h.Append("</ol></details>");
        }
        h.Append("</article>\n");
    }

    /// <summary>The colour class of a verdict label, automatic or a rating of the scale.</summary>
    static string Css(string? label) => label switch
    {
        null => "",
        "supported" or "true" or "mostly_true" or "correct" => "ok",
        "refuted" or "false" or "mostly_false" or "pants_on_fire" or "fake" or "incorrect" => "bad",
        "conflicting" or "half_true" or "misleading" or "mixed" or "mixture" => "mixed",
        _ when label.Contains("false", StringComparison.Ordinal) => "bad",
        _ when label.Contains("true", StringComparison.Ordinal) => "ok",
        _ => "none",
    };

    /// <summary>An href for an absolute http(s) URL (encoded), else null: no javascript:, data: or relative links from input.</summary>
    static string? Link(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? E(Sources.UrlGuard.Redacted(uri)) : null;

    static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;

    static string E(string text) => WebUtility.HtmlEncode(text);

    const string Style = """
        :root{--ok:#1b7f3b;--bad:#b3261e;--mixed:#b36b00;--none:#5f6368;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#202124}
        body{max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;overflow-wrap:anywhere}
        h1{margin:.2rem 0}.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:#5f6368;margin:0}
        .meta,.small{color:#5f6368;font-size:.85rem}.body{white-space:pre-wrap;border-left:3px solid #dadce0;padding-left:1rem}
        .v{border-radius:.25rem;padding:0 .3rem;background:#f1f3f4}
        .v.ok{background:#e6f4ea;color:var(--ok)}.v.bad{background:#fce8e6;color:var(--bad)}.v.mixed{background:#fef7e0;color:var(--mixed)}.v.none{background:#f1f3f4;color:var(--none)}
        mark.v{color:inherit}mark.v.ok{border-bottom:2px solid var(--ok)}mark.v.bad{border-bottom:2px solid var(--bad)}mark.v.mixed{border-bottom:2px solid var(--mixed)}
        .claim{border-top:1px solid #dadce0;padding:.6rem 0;break-inside:avoid}.claim h3{font-size:1.05rem;margin:.3rem 0}
        table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0}th,td{border:1px solid #dadce0;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f8f9fa}.lean{color:var(--none);font-style:italic}.flags{color:var(--bad);margin:.3rem 0}footer{margin-top:2rem;color:#5f6368;font-size:.8rem}
        td,th{overflow-wrap:normal;word-break:normal}td.quote{overflow-wrap:break-word}
        .evidence td.source{width:9rem}.evidence td.stance{width:11rem}.evidence td.source .small{overflow-wrap:anywhere}
        @media (max-width:40rem){body{margin:1rem auto}.evidence thead{display:none}.evidence,.evidence tbody,.evidence tr,.evidence td{display:block;width:auto}
          .evidence tr{border:1px solid #dadce0;margin:.4rem 0}.evidence td{border:none;padding:.25rem .5rem}.evidence td.source{font-weight:600}}
        @media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}details>summary{list-style:none}}
        """;
}
