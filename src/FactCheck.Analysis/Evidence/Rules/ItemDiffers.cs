using FactCheck.Analysis.Evidence.Alignment;

namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The source gives one of the claim's checkable items otherwise, in the same role (another place after the same
/// preposition, another count of the same thing, another amount or date with the claim's words around it, another rank
/// of the same kind): "Helvana Air is now the country's largest airline" against "… to become the country's
/// second-largest airline" refutes; "more than 1,000 kilometres" against "the 580-mile pipeline" refutes. Only in a
/// passage the model reads as bearing on the claim (support and refutation together at least a half): the support it
/// gives becomes refutation.
/// </summary>
public sealed class ItemDiffers : IStanceRule
{
    public string Name => "item-differs";

    public RuleOutcome? Apply(RuleInput input)
    {
        var p = input.Probabilities;
        var differing = input.Alignment.Differing.FirstOrDefault();
        return differing is not null && p.Supports + p.Refutes >= 0.5 && p.Supports > p.Refutes * 0.25
            ? new RuleOutcome(RuleProbabilities.SupportToRefutes(p), differing.ToString()) : null;
    }
}
