namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A passage that repeats nearly all the claim says (80% of its content words) with another year, none of the claim's
/// numbers agreeing: "The Eiffel Tower was completed in 1887" against "… completed in 1889" refutes. Not in an answer
/// whose question repeats the claim (there the year is mostly when something was said).
/// </summary>
public sealed class YearRestated : IStanceRule
{
    public string Name => "year-restated";

    public RuleOutcome? Apply(RuleInput input)
    {
        var (s, p) = (input.Signals, input.Probabilities);
        return s.YearConflicts > 0 && s.NumbersAgreeing == 0 && s.Overlap >= StanceClassifier.RestatementOverlap && !s.AnswersClaimQuestion
               && (p.Supports + p.Refutes >= 0.5 || input.Cosine >= StanceClassifier.OverrideCosine)
            ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage says the same with another year") : null;
    }
}
