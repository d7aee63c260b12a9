using FactCheck.Analysis.Evidence;
using FactCheck.Analysis.Evidence.Alignment;
using FactCheck.Analysis.Evidence.Rules;

namespace FactCheck.Analysis.Tests.Evidence;

/// <summary>The stance the rules give a pair whose model probabilities are given (the alignment left empty: word signals only).</summary>
static class RuleStance
{
    public static StanceResult Decide(StanceProbabilities model, StanceClassifier.Signals signals, double cosine, string version)
    {
        var (p, reason, _) = StanceRules.Apply(new RuleInput("", "", model, cosine, signals, ClaimAlignment.Empty), StanceRules.All);
        var (best, score) = StanceClassifier.MostLikely(p);
        List<string> reasons = [$"cross-encoder {version}", .. signals.Notes];
        if (reason is not null) reasons.Add(reason);
        return new StanceResult(best, Math.Round(score, 3), reasons, p);
    }
}
