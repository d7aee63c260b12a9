using FactCheck.Data;

namespace FactCheck.Api.Articles;

/// <summary>An article with its sources and claims.</summary>
/// <param name="Body">The text claim offsets index into: <c>body.Substring(start, end - start)</c> is the claim.</param>
/// <param name="SubmittedBy">The name of the API key that submitted it.</param>
/// <param name="Progress">How far fetching of the article's sources has come.</param>
/// <param name="Warnings">What the submitter should know about how the submission was read: a block that looks like a source list but gave no source, a listed source left out. Empty when there is nothing to say.</param>
public sealed record ArticleResponse(
    Guid Id,
    string Title,
    string? Url,
    string? Publisher,
    DateTimeOffset? PublishedAt,
    string? Language,
    ArticleStatus Status,
    string? SubmittedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Body,
    SourceProgress Progress,
    IReadOnlyList<SourceResponse> Sources,
    IReadOnlyList<ClaimResponse> Claims,
    IReadOnlyList<string> Warnings);

/// <summary>A source as cited by an article.</summary>
/// <param name="Label">How the article refers to it ("Source 1").</param>
/// <param name="FetchStatus">State of the page behind it: pending, fetching, fetched, failed or blocked.</param>
/// <param name="HasContent">Whether text was pasted in for it.</param>
public sealed record SourceResponse(Guid Id, string Label, int Ordinal, string? Url, string? Title, FetchStatus FetchStatus, bool HasContent);

/// <summary>Counts of an article's sources by fetch state.</summary>
/// <param name="Awaiting">Sources the article names without a URL or text: they wait for a fact-checker to supply one (PUT /sources/{id}).</param>
public sealed record SourceProgress(int Total, int Pending, int Fetching, int Fetched, int Failed, int Blocked, int Awaiting = 0);

/// <summary>A check-worthy claim of an article.</summary>
/// <param name="Start">Offset of the claim's first character in the article body (UTF-16 code units).</param>
/// <param name="End">Offset just past its last character.</param>
/// <param name="CheckWorthiness">How worth checking it is, from 0 to 1.</param>
/// <param name="Type">statistic, quote, event, causal, comparison, prediction, opinion or factual.</param>
/// <param name="Reasons">What drove the score: cues that raised (+) or lowered (-) it, or why it is not a claim.</param>
/// <param name="Speaker">Who the claim is attributed to ("Antony Blinken" for "Blinken criticised …"), if anyone.</param>
/// <param name="Entities">People, organisations and places named in the claim.</param>
/// <param name="Numbers">Numbers, dates and quantities, normalised ("three" is 3, "40%" is 0.4).</param>
/// <param name="PreviouslyChecked">An earlier reviewed claim (or imported fact-check) saying the same thing, found when this one was stored.</param>
/// <param name="Verdict">The claim's current verdict (the latest editorial one, else the latest automatic one), if any.</param>
/// <param name="EvidenceCount">Evidence rows found for the claim in its sources.</param>
public sealed record ClaimResponse(
    Guid Id, int Ordinal, string Text, int Start, int End, double CheckWorthiness, string Type,
    IReadOnlyList<string> Reasons, string? Speaker, IReadOnlyList<EntityResponse> Entities, IReadOnlyList<NumberResponse> Numbers,
    IReadOnlyList<CitationResponse> Citations, PreviousCheck? PreviouslyChecked, ClaimVerdictSummary? Verdict = null, int EvidenceCount = 0)
{
    public static ClaimResponse From(Claim claim, IReadOnlyDictionary<Guid, ArticleSource> sources, ClaimVerdictSummary? verdict = null, int evidence = 0) => new(
        claim.Id, claim.Ordinal, claim.Text, claim.Start, claim.End, claim.CheckWorthiness, claim.Type, claim.Reasons, claim.Speaker,
        StoredAnnotations.ReadEntities(claim.Entities).ConvertAll(EntityResponse.From),
        StoredAnnotations.ReadNumbers(claim.Numbers).ConvertAll(NumberResponse.From),
        claim.Citations.OrderBy(c => sources[c.ArticleSourceId].Ordinal)
            .Select(c => new CitationResponse(c.ArticleSourceId, sources[c.ArticleSourceId].Label, c.Kind, c.Relevance))
            .ToList(),
        PreviousCheck.From(claim), verdict, evidence);
}

/// <summary>A claim's current verdict in brief, as an article lists its claims.</summary>
/// <param name="Kind">editorial (a fact-checker's, which stands over the engine's) or automatic.</param>
/// <param name="Label">A rating of the scale (editorial) or supported, refuted, conflicting, not_enough_evidence, not_checkable (automatic).</param>
/// <param name="Confidence">Automatic verdicts: the engine's confidence, 0 to 1.</param>
/// <param name="Lean">Automatic not_enough_evidence: the side a source leans to without deciding (not a verdict), else null.</param>
public sealed record ClaimVerdictSummary(VerdictKind Kind, string Label, double? Confidence, string? Lean)
{
    /// <summary>The current verdict of one claim's verdicts: the latest editorial one, else the latest automatic one.</summary>
    public static ClaimVerdictSummary? Current(IEnumerable<Verdict> verdicts)
    {
        var latest = verdicts.OrderBy(v => v.Kind == VerdictKind.Editorial ? 0 : 1).ThenByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).FirstOrDefault();
        return latest is null ? null : new(latest.Kind, latest.Label, latest.Confidence, latest.Lean);
    }
}

/// <summary>"Previously checked": the earlier claim a new one matched, with its verdict.</summary>
/// <param name="Score">The match score, 0–1.</param>
/// <param name="Verdict">That claim's current verdict: a fact-checker's rating, or the imported review's.</param>
/// <param name="ReviewUrl">For an imported fact-check, the review's URL.</param>
/// <param name="ReviewRating">For an imported fact-check, the publisher's rating as written.</param>
/// <param name="ReviewedBy">For an imported fact-check, its publisher.</param>
public sealed record PreviousCheck(Guid ClaimId, string Text, double Score, string? Verdict, string? ReviewUrl, string? ReviewRating, string? ReviewedBy)
{
    public static PreviousCheck? From(Claim claim) => claim.PreviousMatch is { } p
        ? new PreviousCheck(p.Id, p.Text, claim.PreviousMatchScore ?? 0, p.CurrentVerdict, p.Review?.ReviewUrl, p.Review?.Rating, p.Review?.Author)
        : null;
}

/// <summary>A named entity in a claim.</summary>
/// <param name="Name">Canonical name: "Russia" for "Russian", "Vladimir Putin" as written in full.</param>
/// <param name="Kind">person, organization or place.</param>
/// <param name="Start">Offset in the article body.</param>
public sealed record EntityResponse(string Text, string Name, Analysis.Claims.EntityKind Kind, int Start, int End)
{
    public static EntityResponse From(StoredEntity e) => new(e.Text, e.Name, e.Kind, e.Start, e.End);
}

/// <summary>A number, date or quantity in a claim.</summary>
/// <param name="Value">Normalised value: 3 for "three", 1200000 for "1.2 million", 0.4 for "40%"; yyyymmdd for dates.</param>
/// <param name="Kind">count, percent, money, year, date, ordinal or measure.</param>
/// <param name="Unit">Currency code for money ("USD"), unit for measures ("km"), "percent" for percentages.</param>
/// <param name="Date">ISO date (yyyy-mm-dd) for dates, the year for years.</param>
public sealed record NumberResponse(string Text, double Value, Analysis.Claims.QuantityKind Kind, string? Unit, string? Date, int Start, int End)
{
    public static NumberResponse From(StoredNumber n) => new(n.Text, n.Value, n.Kind, n.Unit, n.Date, n.Start, n.End);
}

/// <summary>A claim's link to one of the article's sources.</summary>
/// <param name="Kind">explicit, inline_link, article_level, evidence_match or manual.</param>
public sealed record CitationResponse(Guid SourceId, string Label, CitationKind Kind, double? Relevance);

/// <summary>An article in a list, without its body and claims.</summary>
public sealed record ArticleSummary(
    Guid Id, string Title, string? Url, string? Publisher, DateTimeOffset? PublishedAt, string? Language,
    ArticleStatus Status, DateTimeOffset CreatedAt, int SourceCount, int ClaimCount);

public static class ArticleMapping
{
    /// <summary>The article with its claims in text order, each with its current verdict and evidence count when given.</summary>
    public static ArticleResponse ToResponse(this Article article, IReadOnlyDictionary<Guid, int>? evidence = null)
    {
        var sources = article.Sources.OrderBy(s => s.Ordinal).ToList();
        var byId = sources.ToDictionary(s => s.Id);
        var states = sources.Select(StatusOf).ToList();
        return new ArticleResponse(
            article.Id, article.Title, article.Url, article.Publisher, article.PublishedAt, article.Language,
            article.Status, article.SubmittedBy, article.CreatedAt, article.UpdatedAt, article.Body,
            new SourceProgress(states.Count,
                states.Count(s => s == FetchStatus.Pending), states.Count(s => s == FetchStatus.Fetching),
                states.Count(s => s == FetchStatus.Fetched), states.Count(s => s == FetchStatus.Failed),
                states.Count(s => s == FetchStatus.Blocked), states.Count(s => s == FetchStatus.Awaiting)),
            sources.Select(s => new SourceResponse(s.Id, s.Label, s.Ordinal, s.Url, s.Title, StatusOf(s), s.Content is not null)).ToList(),
            article.Claims.OrderBy(c => c.Start).ThenBy(c => c.Ordinal)
                .Select(c => ClaimResponse.From(c, byId, ClaimVerdictSummary.Current(c.Verdicts), evidence?.GetValueOrDefault(c.Id) ?? 0)).ToList(),
            article.Warnings);
    }

    // Pasted text has a document of its own (fetched); a source with none awaits its URL or text.
    static FetchStatus StatusOf(ArticleSource source) => source.Document?.Status ?? FetchStatus.Awaiting;
}
