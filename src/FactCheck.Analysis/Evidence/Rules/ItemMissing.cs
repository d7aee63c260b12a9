using FactCheck.Analysis.Evidence.Alignment;

namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// Support must cover the claim: a source that does not state one of the claim's checkable items (a name, a quantity
/// with its unit, a date or duration, quoted words, a rank) cannot support it, however close the passage: "Kaneda
/// Motors opened a plant in Poland with support from the Polish government" against a story of the plant that names no
/// Polish government is not supported. The model's support becomes neutral (it stays as the lean).
/// </summary>
public sealed class ItemMissing : IStanceRule
{
    public string Name => "item-missing";

    public RuleOutcome? Apply(RuleInput input)
    {
        var missing = input.Alignment.Missing.FirstOrDefault();
        return missing is not null && input.Probabilities.Supports > 0.05
            ? new RuleOutcome(RuleProbabilities.SupportToNeutral(input.Probabilities), missing.ToString()) : null;
    }
}
