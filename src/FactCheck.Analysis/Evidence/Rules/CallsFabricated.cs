namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A passage about the claim that calls the story false or made up: "This claim is totally false and the link given is fake" against the claim it discusses; "Q: Is Jay Leno still alive? A: Yes. Satire" against "Jay Leno dead at 71". Not when the word is negated ("not fake") or the claim itself uses it. Refutes, whatever the model reads (see <see cref="StanceClassifier.CallsFabricated"/> for the words).
/// </summary>
public sealed class CallsFabricated : IStanceRule
{
    public string Name => "calls-fabricated";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Signals is { CallsFabricated: true, AnswerDenies: false } ? new RuleOutcome(RuleProbabilities.Contradicts, "the passage calls the story false or made up (fake, hoax, satire, not true)") : null;
}
