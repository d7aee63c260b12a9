namespace FactCheck.Analysis.Evidence;

public enum VerdictLabel { Supported, Refuted, Conflicting, NotEnoughEvidence, NotCheckable }

/// <summary>What kind of statement a claim is, as far as checking it goes.</summary>
public enum Checkability
{
    /// <summary>A statement of fact.</summary>
    Checkable,
    /// <summary>A prediction: checked against what the sources project, not checkable when none does.</summary>
    Prediction,
    /// <summary>An opinion or a question: never checkable.</summary>
    NotCheckable,
}

/// <summary>The automatic verdict on a claim, with the confidence the evidence allows.</summary>
/// <param name="Lean">For a claim no source decides: the side the strongest source leans to (never a verdict); else null.</param>
/// <param name="DecidedBy">The indices of the sources the verdict rests on (null when not known).</param>
public sealed record AggregateVerdict(VerdictLabel Label, double Confidence, string Rationale, VerdictLabel? Lean = null, IReadOnlyList<int>? DecidedBy = null);

/// <summary>
/// The verdict by counting decisive stances (the earlier engines' rule, kept for `verify train`/`verify cv` of the logistic
/// stance model), and the checkability every verdict goes through. The service decides by <see cref="Pipeline.VerdictPolicy"/>.
/// </summary>
public static class VerdictAggregator
{
    /// <summary>A stance counts as evidence only at or above this score.</summary>
    public const double DecisiveScore = 0.55;

    public static AggregateVerdict Aggregate(IReadOnlyList<StanceResult> stances, int unavailableSources, Checkability checkability, double decisiveScore = DecisiveScore)
    {
        var unavailable = unavailableSources > 0 ? $" {unavailableSources} cited source(s) could not be fetched and were not counted." : "";
        return WithCheckability(Aggregate(stances, unavailable, decisiveScore), checkability, unavailable);
    }

    /// <summary>
    /// Opinions and questions are not checkable. A prediction cannot be true yet, but what it says can agree or disagree
    /// with what the sources project ("heavy rain will become more frequent" against a climate report's projection).
    /// </summary>
    public static AggregateVerdict WithCheckability(AggregateVerdict verdict, Checkability checkability, string unavailable)
    {
        if (checkability == Checkability.Checkable) return verdict;
        if (checkability == Checkability.NotCheckable)
            return new(VerdictLabel.NotCheckable, 0.9, "An opinion or question: not checkable as a statement of fact." + unavailable, DecidedBy: []);
        return verdict.Label == VerdictLabel.NotEnoughEvidence
            ? new(VerdictLabel.NotCheckable, Math.Max(0.5, verdict.Confidence), "A prediction that no source projects either way: not checkable as a statement of fact." + unavailable, DecidedBy: [])
            : verdict with { Rationale = "A prediction, checked against what the sources project: " + verdict.Rationale };
    }

    static AggregateVerdict Aggregate(IReadOnlyList<StanceResult> stances, string unavailable, double decisiveScore)
    {
        var supports = stances.Where(s => s.Stance == Stance.Supports && s.Score >= decisiveScore).Select(s => s.Score).ToList();
        var refutes = stances.Where(s => s.Stance == Stance.Refutes && s.Score >= decisiveScore).Select(s => s.Score).ToList();
        if (supports.Count == 0 && refutes.Count == 0)
            return new(VerdictLabel.NotEnoughEvidence, stances.Count == 0 ? 0.2 : 0.6,
                (stances.Count == 0 ? "No fetched source to check against." : $"None of {stances.Count} source(s) holds decisive evidence.") + unavailable);
        if (refutes.Count == 0)
            return new(VerdictLabel.Supported, Confidence(supports), $"{supports.Count} source(s) support the claim, none refutes it." + unavailable);
        if (supports.Count == 0)
            return new(VerdictLabel.Refuted, Confidence(refutes), $"{refutes.Count} source(s) contradict the claim, none supports it." + unavailable);
        return new(VerdictLabel.Conflicting, Math.Round(Math.Min(supports.Max(), refutes.Max()), 3),
            $"{supports.Count} source(s) support the claim and {refutes.Count} contradict it." + unavailable);
    }

    // More agreeing sources raise confidence, with diminishing returns; never certainty.
    static double Confidence(List<double> scores) =>
        Math.Round(Math.Min(0.97, scores.Max() * (0.75 + 0.1 * (scores.Count - 1))), 3);
}
