namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The passage traces the story to satire, pranks or fiction: "Q: What sort of site is this? A: a humorous page whose sole purpose is entertainment". Refutes, whatever the model reads (see <see cref="StanceClassifier.FromSatire"/> for the words).
/// </summary>
public sealed class FromSatire : IStanceRule
{
    public string Name => "from-satire";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { FromSatire: true } ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage traces the story to satire or fiction") : null;
}
