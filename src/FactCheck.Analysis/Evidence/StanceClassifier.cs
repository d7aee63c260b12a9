using System.Text.RegularExpressions;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Evidence;

public enum StanceLabel { Supports, Refutes, Neutral }

/// <summary>The stance of one passage towards a claim, its strength, and the signals that decided it.</summary>
public sealed record StanceResult(StanceLabel Stance, double Score, IReadOnlyList<string> Signals);

/// <summary>
/// Decides whether a passage supports, refutes or is neutral to a claim from the signals that decide claims:
/// semantic similarity (MiniLM cosine), word overlap, agreement or conflict of numbers, negation that one
/// side has and the other lacks, antonyms ("rose" against "fell", which embeddings rate as near-identical),
/// and hedging. Rules rather than a model: no labelled stance data is available to train one on that is
/// not the evaluation set itself.
/// </summary>
public static partial class StanceClassifier
{
    /// <summary>Below this cosine a passage is about something else.</summary>
    public const double RelatedThreshold = 0.45;

    /// <summary>At or above this cosine, with nothing contradicting, a passage supports.</summary>
    public const double SupportThreshold = 0.6;

    static readonly (string A, string B)[] Antonyms =
    [
        ("rose", "fell"), ("rise", "fall"), ("rising", "falling"), ("increase", "decrease"), ("increased", "decreased"),
        ("increasing", "decreasing"), ("more", "less"), ("more", "fewer"), ("higher", "lower"), ("gain", "loss"), ("gained", "lost"),
        ("warming", "cooling"), ("warmer", "cooler"), ("up", "down"), ("grow", "shrink"), ("growing", "shrinking"), ("expand", "contract"),
        ("win", "lose"), ("won", "lost"), ("support", "oppose"), ("supported", "opposed"), ("accept", "reject"), ("accepted", "rejected"),
        ("signed", "refused"), ("allow", "ban"), ("legal", "illegal"), ("safe", "dangerous"), ("true", "false"), ("melting", "growing"),
        ("thicker", "thinner"), ("positive", "negative"), ("above", "below"), ("before", "after"), ("strongest", "weakest"),
        ("largest", "smallest"), ("highest", "lowest"), ("most", "least"), ("human", "natural"), ("agree", "disagree"),
    ];

    public static StanceResult Classify(string claim, string passage, double cosine)
    {
        var signals = new List<string>();
        var claimTerms = EvidenceRanker.Terms(claim).ToHashSet(StringComparer.Ordinal);
        var passageTerms = EvidenceRanker.Terms(passage).ToHashSet(StringComparer.Ordinal);
        var overlap = claimTerms.Count == 0 ? 0 : claimTerms.Count(passageTerms.Contains) / (double)claimTerms.Count;
        var relatedness = 0.75 * cosine + 0.25 * overlap;
        signals.Add($"similarity {cosine:F2}, overlap {overlap:F2}");
        if (cosine < RelatedThreshold && overlap < 0.5)
            return new(StanceLabel.Neutral, Math.Round(1 - relatedness, 3), [.. signals, "about something else"]);

        var conflict = 0.0;
        var agreement = 0.0;

        // Numbers of the same kind that disagree, with none that agree, contradict the claim.
        var claimNumbers = Numbers.Find(claim, new TextSpan(0, claim.Length)).Where(n => n.Kind != QuantityKind.Ordinal).ToList();
        var passageNumbers = Numbers.Find(passage, new TextSpan(0, passage.Length)).Where(n => n.Kind != QuantityKind.Ordinal).ToList();
        foreach (var number in claimNumbers)
        {
            var sameKind = passageNumbers.Where(p => p.Kind == number.Kind && p.Unit == number.Unit).ToList();
            if (sameKind.Count == 0) continue;
            if (sameKind.Any(p => Agrees(p, number))) { agreement += 0.15; signals.Add($"number {number.Text} agrees"); }
            else { conflict += 0.45; signals.Add($"number {number.Text} conflicts with {sameKind[0].Text}"); }
        }

        // Negation on one side only.
        var claimNegated = Negation().Matches(claim).Count % 2 == 1;
        var passageNegated = Negation().Matches(passage).Count % 2 == 1;
        if (claimNegated != passageNegated && cosine >= 0.5) { conflict += 0.3; signals.Add("negated on one side"); }

        // Antonyms: the claim says one, the passage the other.
        var claimWords = Words(claim);
        var passageWords = Words(passage);
        foreach (var (a, b) in Antonyms)
        {
            if ((claimWords.Contains(a) && passageWords.Contains(b) && !passageWords.Contains(a)) ||
                (claimWords.Contains(b) && passageWords.Contains(a) && !passageWords.Contains(b)))
            {
                conflict += 0.35;
                signals.Add($"'{a}' against '{b}'");
                break;
            }
        }

        // Denial vocabulary in the passage ("myth", "no evidence", "debunked").
        if (Denial().IsMatch(passage) && !Denial().IsMatch(claim)) { conflict += 0.3; signals.Add("the passage denies"); }

        var hedged = Hedge().IsMatch(passage);
        if (hedged) signals.Add("hedged");
        var strength = relatedness * (hedged ? 0.85 : 1.0);

        // Contradiction signals count only between passages about the same thing.
        if (conflict >= 0.3 && cosine >= SupportThreshold)
            return new(StanceLabel.Refutes, Math.Round(Math.Min(1, strength * 0.6 + conflict * 0.5), 3), signals);
        if (cosine + agreement >= SupportThreshold)
            return new(StanceLabel.Supports, Math.Round(Math.Min(1, strength + agreement), 3), signals);
        return new(StanceLabel.Neutral, Math.Round(1 - strength, 3), [.. signals, "related but not decisive"]);
    }

    // Dates and years must match exactly; amounts within 5% ("about 11,000" against "11,000").
    static bool Agrees(NumberMention a, NumberMention b) =>
        a.Kind is QuantityKind.Date or QuantityKind.Year
            ? a.Value == b.Value
            : Math.Abs(a.Value - b.Value) <= 0.05 * Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)) + 1e-9;

    static HashSet<string> Words(string text) => CheckWorthinessFeatures.Tokenize(text).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\b(not|no|never|none|neither|nor|without|cannot)\b|n't\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(myth|hoax|debunked|false claim|no evidence|misleading|disproven|unfounded|baseless|there is no)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Denial();

    [GeneratedRegex(@"\b(may|might|could|possibly|perhaps|suggests?|uncertain|unclear|likely|unlikely|estimated|reportedly|alleged(ly)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hedge();
}
