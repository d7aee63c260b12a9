namespace FactCheck.Analysis.Evidence;

public enum VerdictLabel { Supported, Refuted, Conflicting, NotEnoughEvidence, NotCheckable }

/// <summary>The automatic verdict on a claim, with the confidence the evidence allows.</summary>
public sealed record AggregateVerdict(VerdictLabel Label, double Confidence, string Rationale);

/// <summary>Turns the stances of the best passage of each fetched source into one verdict.</summary>
public static class VerdictAggregator
{
    public const string EngineVersion = "fc-verify-2026.11-2";

    /// <summary>A stance counts as evidence only at or above this score.</summary>
    public const double DecisiveScore = 0.55;

    public static AggregateVerdict Aggregate(IReadOnlyList<StanceResult> stances, int unavailableSources, bool checkable, double decisiveScore = DecisiveScore)
    {
        var unavailable = unavailableSources > 0 ? $" {unavailableSources} cited source(s) could not be fetched and were not counted." : "";
        if (!checkable)
            return new(VerdictLabel.NotCheckable, 0.9, "An opinion, prediction or question: not checkable as a statement of fact." + unavailable);
        var supports = stances.Where(s => s.Stance == StanceLabel.Supports && s.Score >= decisiveScore).Select(s => s.Score).ToList();
        var refutes = stances.Where(s => s.Stance == StanceLabel.Refutes && s.Score >= decisiveScore).Select(s => s.Score).ToList();
        if (supports.Count == 0 && refutes.Count == 0)
            return new(VerdictLabel.NotEnoughEvidence, stances.Count == 0 ? 0.9 : 0.6,
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
