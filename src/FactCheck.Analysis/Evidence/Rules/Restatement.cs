namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A passage that restates the claim (embeddings at least 0.9 alike, or 0.85 with 80% of its words), every quantity
/// agreeing, no negation, antonym or denial between them, does not contradict it: "fell by 9%" against "fell 9 percent"
/// (the model split 0.40 / 0.40) reads as support. Only the model's refutation moves; its neutral mass stays.
/// </summary>
public sealed class Restatement : IStanceRule
{
    public string Name => "restatement";

    public RuleOutcome? Apply(RuleInput input)
    {
        var (s, p) = (input.Signals, input.Probabilities);
        var restates = input.Cosine >= StanceClassifier.RestatementCosine
            || (input.Cosine >= StanceClassifier.RestatementCosineWithOverlap && s.Overlap >= StanceClassifier.RestatementOverlap && !s.AnswersClaimQuestion);
        return s.NumbersAgreeing > 0 && s.NumbersConflicting == 0 && restates && !s.NegationMismatch && s.Antonym is null
               && !(s.PassageDenies && !s.ClaimDenies) && p.Refutes >= p.Supports * 0.5 && input.Alignment.Covers
            ? new RuleOutcome(new StanceProbabilities(p.Supports + p.Refutes, 0, p.Neutral), "a restatement with the same quantities does not contradict") : null;
    }
}
