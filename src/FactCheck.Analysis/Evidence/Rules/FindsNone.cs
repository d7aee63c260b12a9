namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A passage about the claim finds none of what it reports: "There is no record of the arrests and a policeman has denied the claim" against "Police arrested 40 people". Not when the claim is itself negated. Refutes, whatever the model reads (see <see cref="StanceClassifier.FindsNone"/> for the words).
/// </summary>
public sealed class FindsNone : IStanceRule
{
    public string Name => "finds-none";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { FindsNone: true } ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage finds none of what the claim reports (there is no, no record of, denied the claim)") : null;
}
