using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Claims;

/// <summary>A sentence of a text with its check-worthiness.</summary>
/// <param name="Span">Exact range in the analysed text.</param>
/// <param name="Score">Check-worthiness from 0 to 1.</param>
/// <param name="IsClaim">Whether the sentence (or a clause of it) is a claim.</param>
/// <param name="Reasons">What raised or lowered the score ("+number", "-question", "question").</param>
public sealed record ScoredSentence(TextSpan Span, string Text, double Score, bool IsClaim, ClaimType Type, IReadOnlyList<string> Reasons);

/// <summary>A check-worthy claim: a sentence, or a clause of one that asserts several facts.</summary>
/// <param name="Span">Exact range in the analysed text.</param>
/// <param name="SentenceIndex">The sentence the claim comes from; clauses of one sentence share it.</param>
/// <param name="Speaker">Who the claim is attributed to ("Blinken criticised …" gives Antony Blinken), if anyone.</param>
/// <param name="NormalizedText">Lower-cased text without citation markers, for matching.</param>
public sealed record ExtractedClaim(
    TextSpan Span,
    string Text,
    int SentenceIndex,
    double CheckWorthiness,
    ClaimType Type,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<EntityMention> Entities,
    IReadOnlyList<NumberMention> Numbers,
    string? Speaker,
    IReadOnlyList<CitationLink> Citations,
    string NormalizedText);

/// <summary>Everything extraction found in a text.</summary>
public sealed record TextAnalysis(IReadOnlyList<ScoredSentence> Sentences, IReadOnlyList<ExtractedClaim> Claims);
