namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A passage about something else (MiniLM cosine under 0.25 and none of the claim's content words) takes no side: "The
/// weather in Pyongyang was warm and sunny all week" against a treaty claim. Not an answer ("Q: What sort of site is
/// this? A: a satire website" decides a claim without its words).
/// </summary>
public sealed class OffTopic : IStanceRule
{
    public const double Cosine = 0.25;

    public string Name => "off-topic";

    public RuleOutcome? Apply(RuleInput input) =>
        input.Cosine < Cosine && input.Signals.Overlap == 0 && !input.Signals.QuestionAndAnswer
            ? new RuleOutcome(RuleProbabilities.Silent, "the passage is about something else") : null;
}
