namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// An answer to a question about the claim that gives its quantity otherwise, none agreeing: "45% of Nigeria's revenue
/// goes to the federal government" against "Q: How much … goes to the federal government? A: 52.68 %" refutes.
/// </summary>
public sealed class AnswerQuantity : IStanceRule
{
    public string Name => "answer-quantity";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { ExactConflicts: > 0, NumbersAgreeing: 0, AnswersClaimQuestion: true }
            ? new RuleOutcome(RuleProbabilities.Contradicts, "the answer gives the claim's quantity otherwise") : null;
}
