namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The claim reports a death and a passage about it says the person is alive: "Jay Leno has died" against "he is still alive". Refutes, whatever the model reads (see <see cref="StanceClassifier.DeniesDeath"/> for the words).
/// </summary>
public sealed class DeniesDeath : IStanceRule
{
    public string Name => "denies-death";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { DeniesDeath: true } ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage says the person the claim reports dead is alive") : null;
}
