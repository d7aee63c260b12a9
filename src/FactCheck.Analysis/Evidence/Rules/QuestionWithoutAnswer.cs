namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A question without its answer asserts nothing, however closely it repeats the claim: "Q: Do neem leaves cure
/// Covid-19?" (no answer, or "A: No answer could be found.") against "Neem leaves cure Covid-19" takes no side.
/// </summary>
public sealed class QuestionWithoutAnswer : IStanceRule
{
    public string Name => "question-without-answer";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals.PassageOnlyAsks ? new RuleOutcome(RuleProbabilities.Silent, "a question without its answer asserts nothing") : null;
}
