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
        var best = p.Supports >= p.Refutes && p.Supports >= p.Neutral ? Stance.Supports : p.Refutes >= p.Neutral ? Stance.Refutes : Stance.Neutral;
        var score = best switch { Stance.Supports => p.Supports, Stance.Refutes => p.Refutes, _ => p.Neutral };
        List<string> reasons = [$"cross-encoder {version}", .. signals.Notes];
        if (reason is not null) reasons.Add(reason);
        return new StanceResult(best, Math.Round(score, 3), reasons, p);
    }
}
