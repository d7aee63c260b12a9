using FactCheck.Analysis.Evidence.Alignment;

namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A refutation must rest on something the source says: when the source's amounts of the claim's kind are of other
/// things (the claim's quantity is not in the source in its role, so nothing differs), and the source neither negates
/// nor denies, those amounts are no contradiction. "The Brenna mayor earns 90,000 dollars a year" against "The Brenna council cut its parks budget to
/// 4 million dollars" settles nothing. The model's support and refutation both become neutral (the quantity is missing,
/// so it cannot support either).
/// </summary>
public sealed class QuantityUnmatched : IStanceRule
{
    public string Name => "quantity-unmatched";

    public RuleOutcome? Apply(RuleInput input)
    {
        var p = input.Probabilities;
        var s = input.Signals;
        if (p.Refutes <= p.Supports || s.NumbersConflicting == 0 || input.Alignment.Differing.Any() || s.PassageNegated || s.PassageDenies || s.Antonym is not null) return null;
        var missing = input.Alignment.Missing.FirstOrDefault(i => i.Item.Kind == ItemKind.Quantity);
        return missing is null ? null : new RuleOutcome(RuleProbabilities.Silent, missing + "; the source's other amounts do not contradict it");
    }
}
