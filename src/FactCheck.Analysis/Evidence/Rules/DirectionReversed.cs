namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The same quantity gone the other way: "unemployment rose to 5.2% in May" against "fell to 5.2% in May" refutes (a
/// restatement, every quantity agreeing, with the opposite direction). Not in an answer, nor with a negation on one side.
/// </summary>
public sealed class DirectionReversed : IStanceRule
{
    public string Name => "direction-reversed";

    public RuleOutcome? Apply(RuleInput input)
    {
        var s = input.Signals;
        return s.DirectionReversed && s.NumbersAgreeing > 0 && s.NumbersConflicting == 0 && input.Cosine >= StanceClassifier.RestatementCosineWithOverlap
               && !s.AnswersClaimQuestion && !s.NegationMismatch
            ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage gives the same quantity going the other way") : null;
    }
}
