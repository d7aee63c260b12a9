using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Claims;

/// <summary>A sentence or clause of an article, scored for check-worthiness and annotated.</summary>
/// <param name="Span">Exact character range in the analysed text.</param>
/// <param name="SentenceIndex">The sentence the claim comes from (claims split from one sentence share it).</param>
public sealed record ExtractedClaim(
    TextSpan Span,
    string Text,
    int SentenceIndex,
    double CheckWorthiness,
    bool IsClaim,
    ClaimType Type,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CitationLink> Citations);
