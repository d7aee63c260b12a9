using FactCheck.Analysis.Evidence.Alignment;

namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The source gives one of the claim's checkable items otherwise, in the same role (another place after the same
/// preposition, another count of the same thing, another amount or date with the claim's words around it, another rank
/// of the same kind): "Helvana Air is now the country's largest airline" against "… to become the country's
/// second-largest airline" refutes; "more than 1,000 kilometres" against "the 580-mile pipeline" refutes. Only in a
/// passage about the claim: the model reads it as bearing on it (support and refutation together at least a half; its
/// support becomes refutation) or the embeddings are close (cosine at least 0.8).
/// </summary>
public sealed class ItemDiffers : IStanceRule
{
    public string Name => "item-differs";

    public RuleOutcome? Apply(RuleInput input)
    {
        var p = input.Probabilities;
        var differing = input.Alignment.Differing.FirstOrDefault();
        if (differing is null || !(p.Supports + p.Refutes >= 0.5 || input.Cosine >= StanceClassifier.OverrideCosine)) return null;
        // The model's support becomes refutation; a passage the model found neutral but that restates the claim (cosine
        // at least 0.8) with the item given otherwise refutes outright.
        return new RuleOutcome(p.Supports + p.Refutes >= 0.5 ? RuleProbabilities.SupportToRefutes(p) : RuleProbabilities.Contradicts, differing.ToString());
    }
}
