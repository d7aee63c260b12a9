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

    /// <summary>A verdict model that always leans the given way, whatever the stances.</summary>
    static VerdictModel Leaning(int label)
    {
        double[] bias = [0, 0, 0, 0];
        bias[label] = 5;
        return new VerdictModel(new VerdictModelWeights(["supported", "refuted", "not_enough_evidence", "conflicting"], 1, [.. Enumerable.Repeat("f", 7)],
            new double[7], [.. Enumerable.Repeat(1.0, 7)], [.. Enumerable.Range(0, 4).Select(_ => new double[7])], bias));
    }

    static StanceResult P(double supports, double refutes, double neutral)
    {
        var p = new StanceProbabilities(supports, refutes, neutral);
        var (stance, score) = supports >= refutes && supports >= neutral ? (Stance.Supports, supports)
            : refutes >= neutral ? (Stance.Refutes, refutes) : (Stance.Neutral, neutral);
        return new StanceResult(stance, score, [], p);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void A_verdict_the_model_leans_to_but_no_source_takes_is_not_enough_evidence(int leaning)
    {
        // Found in the Swagger example: "supported" with "0 of 3 source(s) support the claim" and no evidence ids.
        var verdict = VerdictAggregator.Aggregate([P(0.25, 0.08, 0.67), P(0.20, 0.11, 0.69)], 0, Checkability.Checkable, Leaning(leaning), 0.5);

        Assert.Equal(VerdictLabel.NotEnoughEvidence, verdict.Label);
        Assert.StartsWith("None of 2 source(s) holds decisive evidence", verdict.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verdict_sources_only_lean_to_says_so()
    {
        var verdict = VerdictAggregator.Aggregate([P(0.43, 0.08, 0.49), P(0.30, 0.11, 0.59)], 0, Checkability.Checkable, Leaning(0), 0.5);
        var reading = VerdictAggregator.Aggregate([P(0.46, 0.08, 0.44), P(0.30, 0.11, 0.59)], 0, Checkability.Checkable, Leaning(0), 0.5);

        // Found on the sample article: "3 of 3 lean towards support" beside three evidence rows reading "neutral".
        Assert.Equal(VerdictLabel.Supported, verdict.Label);
        Assert.Equal("Leans supported: no source is decisive and each reads most likely neutral, but 2 of 2 give support some weight (strongest 0.43).", verdict.Rationale);
        Assert.Equal("Leans supported: no source is decisive (0.50); 1 of 2 read as support (strongest 0.46).", reading.Rationale);
    }

    [Fact]
    public void The_counts_match_the_rows_a_reader_sees()
    {
        // Found on the sample article: "1 of 3 source(s) support the claim" beside three rows reading "supports".
        var verdict = VerdictAggregator.Aggregate([P(0.64, 0.08, 0.28), P(0.49, 0.08, 0.43), P(0.49, 0.10, 0.41)], 0, Checkability.Checkable, Leaning(0), 0.5);

        Assert.Equal(VerdictLabel.Supported, verdict.Label);
        Assert.Equal("Supported: 1 of 3 source(s) support the claim (2 more lean that way), 0 contradict it.", verdict.Rationale);
    }

    [Fact]
    public void A_verdict_a_source_takes_stands_and_the_prior_shift_moves_the_model()
    {
        var stances = new[] { P(0.7, 0.1, 0.2), P(0.1, 0.6, 0.3) };

        Assert.Equal(VerdictLabel.Supported, VerdictAggregator.Aggregate(stances, 0, Checkability.Checkable, Leaning(0), 0.5).Label);
        Assert.Equal(VerdictLabel.Conflicting, VerdictAggregator.Aggregate(stances, 0, Checkability.Checkable, Leaning(3), 0.5).Label);
        var weights = new VerdictModelWeights(["supported", "refuted", "not_enough_evidence", "conflicting"], 1, [.. Enumerable.Repeat("f", 7)],
            new double[7], [.. Enumerable.Repeat(1.0, 7)], [.. Enumerable.Range(0, 4).Select(_ => new double[7])], [5, 0, 0, 0], PriorShift: [0, 6, 0, 0]);
        Assert.Equal(VerdictLabel.Refuted, VerdictAggregator.Aggregate(stances, 0, Checkability.Checkable, new VerdictModel(weights), 0.5).Label);
    }
}
