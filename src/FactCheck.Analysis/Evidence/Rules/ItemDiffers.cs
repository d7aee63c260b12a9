using FactCheck.Analysis.Evidence.Alignment;

namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// The source gives one of the claim's checkable items otherwise, in the same role (another place after the same
/// preposition, another count of the same thing, another amount or date with the claim's words around it, another rank
/// of the same kind): "Helvana Air is now the country's largest airline" against "… to become the country's
/// second-largest airline" refutes; "more than 1,000 kilometres" against "the 580-mile pipeline" refutes. Only in a
/// passage about the claim: the model reads it as bearing on it (support and refutation together at least a half) or
/// the embeddings are close (cosine at least 0.8). Then it contradicts the claim outright: a source that gives the
/// claim's item otherwise in the same role decides it, however the model split its reading (session 16: moving only
/// the model's support to refutation left "40 homes" against "12 homes" undecided under the xenc-2026.12.07c model;
/// outright, AVeriTeC held out 0.4185 → 0.4330, Climate-FEVER 0.456 → 0.446 out of fold, docs/verification.md).
/// </summary>
public sealed class ItemDiffers : IStanceRule
{
    public string Name => "item-differs";

    public RuleOutcome? Apply(RuleInput input)
    {
        var p = input.Probabilities;
        var differing = input.Alignment.Differing.FirstOrDefault();
        if (differing is null || !(p.Supports + p.Refutes >= 0.5 || input.Cosine >= StanceClassifier.OverrideCosine)) return null;
        return new RuleOutcome(RuleProbabilities.Contradicts, differing.ToString());
    }
}
