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

/// <summary>Turns the stances of the best passage of each fetched source into one verdict.</summary>
public static class VerdictAggregator
{
    /// <summary>The rules and ranking around the models: raised whenever either changes what a verdict can be
    /// (2: the stance vetoes of sessions 9-12 and the int8 passage embedder; 3: dates in digits, years against full dates and in restatements, denied causes), so a stored verdict says what made it.</summary>
    public const string EngineVersion = "fc-verify-2026.12-4";

    /// <summary>A stance counts as evidence only at or above this score.</summary>
    public const double DecisiveScore = 0.55;

    /// <summary>A source leans to a side when the cross-encoder gives that side at least this probability.</summary>
    public const double LeanScore = 0.3;

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

    /// <summary>
    /// The verdict by the cross-encoder's verdict model when it is given and every stance carries probabilities, else
    /// by counting decisive stances. Checkability is applied as in the rules.
    /// </summary>
    public static AggregateVerdict Aggregate(IReadOnlyList<StanceResult> stances, int unavailableSources, Checkability checkability, VerdictModel? model, double decisiveScore = DecisiveScore)
    {
        if (model is null || stances.Any(s => s.Probabilities is null)) return Aggregate(stances, unavailableSources, checkability, decisiveScore);
        var unavailable = unavailableSources > 0 ? $" {unavailableSources} cited source(s) could not be fetched and were not counted." : "";
        AggregateVerdict verdict;
        if (stances.Count == 0)
        {
            // Nothing to go on: "not enough evidence" is all that can be said, and it says little.
            verdict = new(VerdictLabel.NotEnoughEvidence, 0.2, "No fetched source to check against." + unavailable);
        }
        else
        {
            var supports = stances.Count(s => s.Stance == Stance.Supports && s.Score >= decisiveScore);
            var refutes = stances.Count(s => s.Stance == Stance.Refutes && s.Score >= decisiveScore);
            var leanSupports = stances.Count(s => s.Probabilities!.Value.Supports >= LeanScore);
            var leanRefutes = stances.Count(s => s.Probabilities!.Value.Refutes >= LeanScore);
            // A verdict rests on evidence: "supported" needs a source that leans to support (probability >= 0.3),
            // "refuted" one that leans to contradiction, "conflicting" a decisive source on each side. Where the model leans a way no source
            // does, it is not enough evidence. (Requiring a decisive source, >= 0.5, costs 4 points of accuracy out
            // of fold: several sources each leaning the same way are right more often than not.)
            var (label, probability) = model.Predict([.. stances.Select(s => s.Probabilities!.Value)]).Best(l => l switch
            {
                // Nor does it go against the decisive evidence: with sources decisive on one side only, not the other.
                VerdictLabel.Supported => leanSupports > 0 && !(refutes > 0 && supports == 0),
                VerdictLabel.Refuted => leanRefutes > 0 && !(supports > 0 && refutes == 0),
                // Sources disagreeing is a strong thing to say: it needs a decisive source on each side.
                VerdictLabel.Conflicting => supports > 0 && refutes > 0,
                _ => true,
            });
            // The counts say what the evidence rows show: a row reading "supports, 0.49" is a source leaning that way, not
            // one of none ("1 of 3 source(s) support the claim" beside three rows reading "supports" read as a mistake).
            var readSupports = stances.Count(s => s.Stance == Stance.Supports && s.Score < decisiveScore);
            var readRefutes = stances.Count(s => s.Stance == Stance.Refutes && s.Score < decisiveScore);
            static string More(int leaning) => leaning > 0 ? $" ({leaning} more lean that way)" : "";
            var counted = $"{supports} of {stances.Count} source(s) support the claim{More(readSupports)}, {refutes} contradict it{More(readRefutes)}";
            var rationale = label switch
            {
                VerdictLabel.Supported when supports == 0 => Leaning("supported", "support", readSupports, leanSupports, stances.Count,
                    stances.Max(s => s.Probabilities!.Value.Supports), decisiveScore),
                VerdictLabel.Refuted when refutes == 0 => Leaning("refuted", "contradiction", readRefutes, leanRefutes, stances.Count,
                    stances.Max(s => s.Probabilities!.Value.Refutes), decisiveScore),
                VerdictLabel.Supported => $"Supported: {counted}.",
                VerdictLabel.Refuted => $"Refuted: {counted}.",
                VerdictLabel.Conflicting => $"The sources disagree: {counted}.",
                _ => supports + refutes == 0 ? $"None of {stances.Count} source(s) holds decisive evidence." : $"Not enough evidence: {counted}, too weakly to decide.",
            };
            verdict = new(label, Math.Round(probability, 3), rationale + unavailable);
        }
        return WithCheckability(verdict, checkability, unavailable);
    }

    // A verdict no source is decisive for says how far the sources go: some read its way below the decisive score, or
    // each reads most likely neutral and only gives that side some weight (the sample article's last claim: three rows
    // reading "neutral" under "3 of 3 lean towards support").
    static string Leaning(string verdict, string side, int reading, int leaning, int sources, double strongest, double decisiveScore) =>
        reading > 0
            ? $"Leans {verdict}: no source is decisive ({decisiveScore:F2}); {reading} of {sources} read as {side} (strongest {strongest:F2})."
            : $"Leans {verdict}: no source is decisive and each reads most likely neutral, but {leaning} of {sources} give {side} some weight (strongest {strongest:F2}).";

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
