namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The claim reports that someone said something and a passage about it finds no record of it: "X said Y" against "There is no mention of Y in the interview", "he never said that". Refutes, whatever the model reads (see <see cref="StanceClassifier.DeniesStatement"/> for the words).
/// </summary>
public sealed class DeniesStatement : IStanceRule
{
    public string Name => "denies-statement";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { DeniesStatement: true } ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage finds no record of the statement the claim reports (no mention, never said)") : null;
}
