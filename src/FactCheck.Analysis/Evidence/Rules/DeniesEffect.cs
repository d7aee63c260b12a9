namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The claim says something works or causes harm and a passage about it says it does not: "Drinking water will protect you from COVID-19" against "staying hydrated does not prevent coronavirus infection"; "X causes Y" against "no link between X and Y". Refutes, whatever the model reads (see <see cref="StanceClassifier.DeniesEffect"/> for the words).
/// </summary>
public sealed class DeniesEffect : IStanceRule
{
    public string Name => "denies-effect";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { DeniesEffect: true } ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage says it does not do what the claim says (no cure, does not prevent, no link)") : null;
}
