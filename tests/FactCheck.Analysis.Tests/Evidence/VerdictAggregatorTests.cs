using FactCheck.Analysis.Evidence;

namespace FactCheck.Analysis.Tests.Evidence;

public sealed class VerdictAggregatorTests
{
    static StanceResult S(Stance label, double score) => new(label, score, []);

    [Theory]
    [InlineData(Stance.Supports, VerdictLabel.Supported)]
    [InlineData(Stance.Refutes, VerdictLabel.Refuted)]
    public void One_sided_decisive_evidence_decides(Stance stance, VerdictLabel expected)
    {
        var verdict = VerdictAggregator.Aggregate([S(stance, 0.8), S(Stance.Neutral, 0.9)], 0, Checkability.Checkable, 0.5);

        Assert.Equal(expected, verdict.Label);
        Assert.InRange(verdict.Confidence, 0.5, 0.97);
    }

    [Fact]
    public void Both_sides_conflict_and_weak_stances_are_not_evidence()
    {
        Assert.Equal(VerdictLabel.Conflicting,
            VerdictAggregator.Aggregate([S(Stance.Supports, 0.8), S(Stance.Refutes, 0.7)], 0, Checkability.Checkable, 0.5).Label);
        Assert.Equal(VerdictLabel.NotEnoughEvidence,
            VerdictAggregator.Aggregate([S(Stance.Supports, 0.45), S(Stance.Refutes, 0.4)], 0, Checkability.Checkable, 0.5).Label);
    }

    [Fact]
    public void Unfetched_sources_are_named_and_not_counted()
    {
        var verdict = VerdictAggregator.Aggregate([], 2, Checkability.Checkable);

        Assert.Equal(VerdictLabel.NotEnoughEvidence, verdict.Label);
        Assert.Contains("2 cited source(s) could not be fetched", verdict.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Opinions_and_questions_are_never_checkable_whatever_the_evidence()
    {
        var verdict = VerdictAggregator.Aggregate([S(Stance.Supports, 0.95)], 0, Checkability.NotCheckable);

        Assert.Equal(VerdictLabel.NotCheckable, verdict.Label);
    }

    [Fact]
    public void A_prediction_is_checked_against_what_the_sources_project_and_is_not_checkable_when_none_does()
    {
        var projected = VerdictAggregator.Aggregate([S(Stance.Supports, 0.8)], 0, Checkability.Prediction, 0.5);
        var unprojected = VerdictAggregator.Aggregate([S(Stance.Neutral, 0.8)], 0, Checkability.Prediction, 0.5);

        Assert.Equal(VerdictLabel.Supported, projected.Label);
        Assert.StartsWith("A prediction, checked against what the sources project", projected.Rationale, StringComparison.Ordinal);
        Assert.Equal(VerdictLabel.NotCheckable, unprojected.Label);
        Assert.Contains("no source projects", unprojected.Rationale, StringComparison.Ordinal);
    }
}
