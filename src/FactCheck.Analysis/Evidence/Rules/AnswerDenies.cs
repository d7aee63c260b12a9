namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The answer to a yes/no question about the claim denies it: "Q: Did Obama remove the citizenship question from the census? A: No" against "Obama removed the citizenship question". Refutes, whatever the model reads (see <see cref="StanceClassifier.AnswerDenies"/> for the words).
/// </summary>
public sealed class AnswerDenies : IStanceRule
{
    public string Name => "answer-denies";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { AnswerDenies: true } ? new RuleOutcome(RuleProbabilities.Contradicts, "the answer to a yes/no question about the claim denies it") : null;
}
