using FactCheck.Analysis.Evidence.Alignment;

namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>What a stance rule reads of one claim–passage pair.</summary>
/// <param name="Probabilities">The cross-encoder's calibrated probabilities for the pair.</param>
/// <param name="Cosine">MiniLM cosine of claim and passage.</param>
/// <param name="Signals">The word signals of the pair (numbers, negation, denial words, question and answer).</param>
/// <param name="Alignment">The claim's checkable items against the passage's source (its text around the passage, dateline, title).</param>
public sealed record RuleInput(string Claim, string Passage, StanceProbabilities Probabilities, double Cosine, StanceClassifier.Signals Signals, ClaimAlignment Alignment);

/// <summary>A rule's finding: the probabilities it sets and the reason an evidence row lists.</summary>
public sealed record RuleOutcome(StanceProbabilities Probabilities, string Reason);

/// <summary>
/// A named rule beside the cross-encoder: it reads a pair and either leaves the model's reading alone (null) or sets the
/// probabilities, with a reason. Rules run in the order of <see cref="StanceRules.All"/>; the first that fires decides.
/// Each rule's effect is measured on data not read while writing it (docs/verification.md, "Rules").
/// </summary>
public interface IStanceRule
{
    /// <summary>A short stable name (used by `verify pipeline --without NAME` and in the engine version).</summary>
    string Name { get; }

    RuleOutcome? Apply(RuleInput input);
}

/// <summary>The probabilities rules set.</summary>
public static class RuleProbabilities
{
    /// <summary>Takes no side: a question without its answer, a passage about something else.</summary>
    public static readonly StanceProbabilities Silent = new(0.02, 0.02, 0.96);

    /// <summary>Contradicts the claim decisively.</summary>
    public static readonly StanceProbabilities Contradicts = new(0.04, 0.92, 0.04);

    /// <summary>The model's support moved to neutral (the source does not settle the claim).</summary>
    public static StanceProbabilities SupportToNeutral(StanceProbabilities p) => new(0, p.Refutes, p.Neutral + p.Supports);
}
