using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FactCheck.Data;
using FluentValidation;

namespace FactCheck.Api.Search;

/// <summary>Search and filters of the claim list.</summary>
/// <param name="Q">Web-search syntax over claim text: words, "quoted phrases", OR, -excluded. Results are ranked; without it, newest first.</param>
/// <param name="Verdict">Only claims whose current verdict has this label (supported, refuted, false, mostly_true, …).</param>
/// <param name="Type">Only claims of this type (statistic, quote, event, …).</param>
/// <param name="Status">Only claims in this workflow status: unreviewed, in_review, reviewed, published.</param>
/// <param name="ArticleId">Only claims of this article; without q, in the order of its text (as GET /articles/{id} lists them).</param>
/// <param name="Publisher">Only claims of articles by this publisher (exact name).</param>
/// <param name="PublishedFrom">Only claims of articles published at or after this time.</param>
/// <param name="PublishedTo">Only claims of articles published at or before this time.</param>
/// <param name="MinCheckWorthiness">Only claims scoring at least this, 0–1.</param>
/// <param name="Limit">Page size, 1–100 (default 20).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page (with the same q and filters).</param>
public sealed record SearchClaimsQuery(
    string? Q, string? Verdict, string? Type, string? Status, Guid? ArticleId, string? Publisher,
    DateTimeOffset? PublishedFrom, DateTimeOffset? PublishedTo, double? MinCheckWorthiness, int? Limit, string? Cursor)
{
    public WorkflowStatus? ParsedStatus => Status is null ? null : SnakeCaseEnumConverter<WorkflowStatus>.ValueOf(Status);
}

public sealed class SearchClaimsQueryValidator : AbstractValidator<SearchClaimsQuery>
{
    public SearchClaimsQueryValidator()
    {
        RuleFor(q => q.Q).MaximumLength(500);
        RuleFor(q => q.Limit).InclusiveBetween(1, Platform.Paging.MaxLimit);
        RuleFor(q => q.MinCheckWorthiness).InclusiveBetween(0, 1);
        RuleFor(q => q.Verdict).MaximumLength(64);
        RuleFor(q => q.Type).MaximumLength(32);
        RuleFor(q => q.Status).Must(s => s is null || SnakeCaseEnumConverter<WorkflowStatus>.TryValueOf(s, out _))
            .WithMessage("'status' must be one of: " + string.Join(", ", SnakeCaseEnumConverter<WorkflowStatus>.AllNames) + ".");
        RuleFor(q => q.Cursor).Must((q, c) => c is null || SearchCursor.TryDecode(c, ranked: !string.IsNullOrWhiteSpace(q.Q), out _))
            .WithMessage("'cursor' is not a cursor of this search: pass the nextCursor of a previous page with the same q.");
        RuleFor(q => q.PublishedTo).GreaterThanOrEqualTo(q => q.PublishedFrom)
            .When(q => q.PublishedFrom is not null && q.PublishedTo is not null)
            .WithMessage("'publishedTo' must not be before 'publishedFrom'.");
    }
}

/// <summary>
/// Keyset position: (rank, id) of the last row for a ranked search, (created_at, id) otherwise. Rows added
/// later never shift the pages after it.
/// </summary>
public readonly record struct SearchCursor(double Rank, long Ticks, Guid Id, int Start = 0, int Ordinal = 0)
{
    /// <summary>One article's claims in text order: (start, ordinal) is unique within the article.</summary>
    public static string TextOrder(int start, int ordinal, Guid id) =>
        Encode($"s:{start.ToString(CultureInfo.InvariantCulture)}.{ordinal.ToString(CultureInfo.InvariantCulture)}:{id:N}");

    public static string Ranked(double rank, Guid id) => Encode($"r:{rank.ToString("R", CultureInfo.InvariantCulture)}:{id:N}");
    public static string Newest(DateTimeOffset createdAt, Guid id) => Encode($"t:{createdAt.UtcTicks}:{id:N}");

    static string Encode(string text) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));

    public static bool TryDecode(string value, bool ranked, out SearchCursor cursor)
    {
        cursor = default;
        if (value.Length > 120) return false;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(value)).Split(':');
            if (parts.Length != 3 || !Guid.TryParseExact(parts[2], "N", out var id)) return false;
            if (ranked && parts[0] == "r" && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && double.IsFinite(rank))
            {
                cursor = new SearchCursor(rank, 0, id);
                return true;
            }
            if (!ranked && parts[0] == "s" && parts[1].Split('.') is [var s, var o]
                && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
            {
                cursor = new SearchCursor(0, 0, id, start, ordinal);
                return true;
            }
            if (!ranked && parts[0] == "t" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks)
            {
                cursor = new SearchCursor(0, ticks, id);
                return true;
            }
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>A claim found by search.</summary>
/// <param name="Snippet">The claim with the matched words in &lt;mark&gt;…&lt;/mark&gt; (the text is HTML-escaped first).</param>
/// <param name="Rank">Full-text rank (ts_rank_cd) for a search with q.</param>
/// <param name="CurrentVerdict">Label of the latest editorial verdict, else the automatic one.</param>
/// <param name="ReviewUrl">For an imported fact-check, the review's URL.</param>
public sealed record ClaimSearchItem(
    Guid Id, Guid ArticleId, string ArticleTitle, string? ArticleUrl, string? Publisher, DateTimeOffset? PublishedAt,
    string Text, string? Snippet, double? Rank, string Type, double CheckWorthiness, WorkflowStatus WorkflowStatus,
    string? CurrentVerdict, string? ReviewUrl, DateTimeOffset CreatedAt);

/// <summary>Text to match against earlier claims.</summary>
/// <param name="Text">The claim, at most 2,000 characters.</param>
/// <param name="Limit">How many matches, 1–50 (default 10).</param>
/// <param name="ReviewedOnly">Only claims a fact-checker reviewed or published (imported fact-checks included).</param>
public sealed record MatchRequest(string? Text, int? Limit = null, bool? ReviewedOnly = null);

public sealed class MatchRequestValidator : AbstractValidator<MatchRequest>
{
    public MatchRequestValidator()
    {
        RuleFor(r => r.Text).NotEmpty().WithMessage("'text' is required.").MaximumLength(2000);
        RuleFor(r => r.Limit).InclusiveBetween(1, 50);
    }
}

/// <summary>An earlier claim that says the same thing (or nearly).</summary>
/// <param name="Score">0–1: MiniLM cosine and BM25 combined, less a penalty when the numbers differ.</param>
/// <param name="Relation">same (at or above the same-claim threshold, numbers agreeing) or related.</param>
/// <param name="NumbersDiffer">Both claims state numbers and they differ: "rose 3%" against "rose 8%".</param>
/// <param name="Review">For an imported fact-check: its URL, rating and publisher.</param>
public sealed record ClaimMatch(
    Guid ClaimId, string Text, double Score, double SemanticScore, double LexicalScore, string Relation, bool NumbersDiffer,
    Guid ArticleId, string ArticleTitle, string? ArticleUrl, string? Publisher, DateTimeOffset? PublishedAt,
    string? CurrentVerdict, WorkflowStatus WorkflowStatus, ImportedReview? Review);

/// <summary>Matches, best first.</summary>
public sealed record MatchResponse(string Text, IReadOnlyList<ClaimMatch> Matches);

/// <summary>An imported fact-check's review (schema.org ClaimReview).</summary>
/// <param name="Rating">reviewRating.alternateName as the publisher wrote it.</param>
public sealed record ImportedReview(string Url, string Rating, double? RatingValue, double? BestRating, double? WorstRating,
    string? Author, DateTimeOffset? DatePublished, string? Headline)
{
    public static ImportedReview? From(ClaimReviewRecord? r) =>
        r is null ? null : new(r.ReviewUrl, r.Rating, r.RatingValue, r.BestRating, r.WorstRating, r.Author, r.DatePublished, r.Headline);
}
