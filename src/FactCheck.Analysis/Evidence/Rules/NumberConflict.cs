namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A quantity of the claim (an amount, count, percentage or full date) that the passage gives otherwise, none of that kind
/// agreeing, in a passage about the claim (the model finds it bearing on the claim, or the embeddings are close):
/// "64% of 1,200 riders" against "46 percent of 1,200 riders" refutes. Bare years never decide here.
/// </summary>
public sealed class NumberConflict : IStanceRule
{
    public string Name => "number-conflict";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals.ExactConflicts > 0 && (input.Probabilities.Supports + input.Probabilities.Refutes >= 0.5 || input.Cosine >= StanceClassifier.OverrideCosine)
            ? new RuleOutcome(RuleProbabilities.Contradicts, "an explicit contradiction decides") : null;
}
