using FactCheck.Api.Articles;
using FactCheck.Data;
using FluentValidation;

namespace FactCheck.Api.Claims;

/// <summary>A claim with everything known about it.</summary>
/// <param name="WorkflowStatus">unreviewed, in_review, reviewed or published.</param>
/// <param name="ETag">The value to send as If-Match when changing the claim (also in the ETag header).</param>
/// <param name="Citations">The sources linked to the claim, with their fetch state.</param>
/// <param name="Evidence">Passages of those sources that bear on the claim, best first.</param>
/// <param name="AutomaticVerdict">The latest verdict of the verification engine, if any.</param>
/// <param name="EditorialHistory">Fact-checkers' verdicts, newest first. Append-only.</param>
/// <param name="CurrentVerdict">The latest editorial verdict, else the latest automatic one.</param>
/// <param name="PreviouslyChecked">An earlier reviewed claim saying the same thing, found when this one was stored.</param>
/// <param name="Review">For a claim imported from a fact-check: the publisher's review.</param>
public sealed record ClaimDetail(
    Guid Id, Guid ArticleId, string ArticleTitle, string? ArticleUrl, int Ordinal, string Text, int Start, int End,
    double CheckWorthiness, string Type, string? Speaker, IReadOnlyList<EntityResponse> Entities, IReadOnlyList<NumberResponse> Numbers,
    WorkflowStatus WorkflowStatus, string ETag,
    IReadOnlyList<ClaimCitationDetail> Citations, IReadOnlyList<EvidenceResponse> Evidence,
    VerdictResponse? AutomaticVerdict, IReadOnlyList<VerdictResponse> EditorialHistory, VerdictResponse? CurrentVerdict,
    PreviousCheck? PreviouslyChecked, Search.ImportedReview? Review);

/// <summary>A source linked to a claim.</summary>
/// <param name="Kind">explicit, inline_link, article_level, evidence_match or manual.</param>
/// <param name="FetchStatus">The state of the source's page.</param>
/// <param name="Flag">A warning from verification: "cited source does not support this claim" or "cited source could not be fetched".</param>
public sealed record ClaimCitationDetail(Guid SourceId, string Label, string? Url, CitationKind Kind, double? Relevance, FetchStatus FetchStatus, string? Flag);

/// <summary>A passage of a source that bears on the claim.</summary>
/// <param name="Quote">The passage text.</param>
/// <param name="QuoteStart">Offset of the quote in the source document's text.</param>
/// <param name="Score">The stance's strength, 0–1: the stance model's probability of it.</param>
/// <param name="Reasons">Why: similarity and overlap, the model's three probabilities, numbers that agree or conflict, negation, antonyms, denial, hedging.</param>
/// <param name="Page">The page of the source the quote is on, for sources with pages (PDF); else null.</param>
public sealed record EvidenceResponse(Guid Id, Guid SourceId, string SourceLabel, string? SourceUrl, string Quote, int QuoteStart, int QuoteEnd, Stance Stance, double Score,
    IReadOnlyList<string> Reasons, int? Page = null);

/// <summary>A verdict on a claim.</summary>
/// <param name="Kind">automatic (the engine's) or editorial (a fact-checker's).</param>
/// <param name="Label">Automatic: supported, refuted, conflicting, not_enough_evidence, not_checkable (opinions, questions, and predictions no source projects either way). Editorial: a rating of the scale.</param>
/// <param name="Confidence">The engine's confidence, 0 to 1 (automatic verdicts): the chance, measured on development data, that the verdict is right.</param>
/// <param name="Lean">Automatic not_enough_evidence verdicts: supported or refuted when a source leans that way without deciding (shown in grey, never as a verdict); else null.</param>
/// <param name="Reviewer">Who gave it (editorial verdicts).</param>
public sealed record VerdictResponse(
    Guid Id, VerdictKind Kind, string Label, double? Confidence, string? EngineVersion, string? Rationale, string? Reviewer,
    IReadOnlyList<Guid> EvidenceIds, DateTimeOffset CreatedAt, string? Lean = null)
{
    public static VerdictResponse From(Verdict v) =>
        new(v.Id, v.Kind, v.Label, v.Confidence, v.EngineVersion, v.Rationale, v.Reviewer, v.EvidenceIds, v.CreatedAt, v.Lean);
}

/// <summary>A fact-checker's verdict.</summary>
/// <param name="Rating">A rating of the scale: true, mostly_true, half_true, mostly_false, false, misleading, unverifiable by default.</param>
/// <param name="Rationale">Why, for readers and colleagues (at most 10,000 characters).</param>
/// <param name="EvidenceIds">Evidence of this claim the verdict rests on.</param>
public sealed record AddVerdictRequest(string? Rating, string? Rationale, IReadOnlyList<Guid>? EvidenceIds = null);

public sealed class AddVerdictRequestValidator : AbstractValidator<AddVerdictRequest>
{
    public AddVerdictRequestValidator(Microsoft.Extensions.Options.IOptions<Verification.RatingScaleOptions> scale)
    {
        RuleFor(r => r.Rating).NotEmpty().Must(r => scale.Value.Find(r) is not null)
            .WithMessage("'rating' must be one of: " + string.Join(", ", scale.Value.Effective.Select(r => r.Name)) + ".");
        RuleFor(r => r.Rationale).MaximumLength(10_000);
        RuleFor(r => r.EvidenceIds).Must(ids => ids is null || ids.Count <= 100).WithMessage("At most 100 evidence ids.");
    }
}

/// <summary>A move of the claim through the workflow.</summary>
/// <param name="Status">unreviewed, in_review, reviewed or published.</param>
public sealed record ChangeStatusRequest(WorkflowStatus? Status);

public sealed class ChangeStatusRequestValidator : AbstractValidator<ChangeStatusRequest>
{
    public ChangeStatusRequestValidator() => RuleFor(r => r.Status).NotNull();
}
