using FactCheck.Analysis.Evidence;
using FactCheck.Analysis.Evidence.Pipeline;

namespace FactCheck.Analysis.Tests.Evidence;

/// <summary>Decide only when decisive: the verdict from the sources' calibrated readings and the chosen thresholds.</summary>
public sealed class VerdictPolicyTests
{
    static readonly PolicySettings Settings = new(Support: 0.7, Refute: 0.65, Lean: 0.3);

    static AggregateVerdict Decide(params (double S, double R)[] sources) =>
        VerdictPolicy.Decide([.. sources.Select((s, i) => new PolicyInput($"Source {i + 1}", new StanceProbabilities(s.S, s.R, Math.Max(0, 1 - s.S - s.R))))],
            0, Checkability.Checkable, Settings);

    [Fact]
    public void Leaning_is_never_deciding()
    {
        // Every source leans to support without reaching the threshold: not enough evidence, the lean kept apart.
        var verdict = Decide((0.55, 0.05), (0.48, 0.1), (0.62, 0.02));
        Assert.Equal(VerdictLabel.NotEnoughEvidence, verdict.Label);
        Assert.Equal(VerdictLabel.Supported, verdict.Lean);
        Assert.Contains("leans supported", verdict.Rationale, StringComparison.Ordinal);
        Assert.Empty(verdict.DecidedBy!);
    }

    [Fact]
    public void A_neutral_reading_has_no_lean()
    {
        var verdict = Decide((0.1, 0.05), (0.2, 0.1));
        Assert.Equal(VerdictLabel.NotEnoughEvidence, verdict.Label);
        Assert.Null(verdict.Lean);
    }

    [Fact]
    public void A_decisive_source_decides_and_is_named()
    {
        var supported = Decide((0.2, 0.05), (0.91, 0.02));
        Assert.Equal(VerdictLabel.Supported, supported.Label);
        Assert.Equal([1], supported.DecidedBy!);
        Assert.Null(supported.Lean);
        var refuted = Decide((0.05, 0.8));
        Assert.Equal(VerdictLabel.Refuted, refuted.Label);
        Assert.Contains("Source 1", refuted.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_that_decisively_disagree_conflict()
    {
        var verdict = Decide((0.9, 0.05), (0.04, 0.88));
        Assert.Equal(VerdictLabel.Conflicting, verdict.Label);
        Assert.Equal([0, 1], verdict.DecidedBy!.Order());
    }

    [Fact]
    public void Confidence_is_higher_for_a_stronger_reading_and_follows_the_fitted_map()
    {
        Assert.True(Decide((0.95, 0.01)).Confidence > Decide((0.72, 0.01)).Confidence);
        // A steeper map spreads the same readings further apart; an intercept moves them.
        var flat = VerdictPolicy.Calibrated(0.8, Settings with { Slope = 0.5 }, VerdictLabel.Supported);
        var steep = VerdictPolicy.Calibrated(0.8, Settings with { Slope = 2 }, VerdictLabel.Supported);
        Assert.True(steep > flat);
        Assert.Equal(0.8, VerdictPolicy.Calibrated(0.8, Settings, VerdictLabel.Supported), 3);
    }

    [Fact]
    public void No_source_is_not_enough_evidence_and_an_opinion_is_not_checkable()
    {
        Assert.Equal(VerdictLabel.NotEnoughEvidence, VerdictPolicy.Decide([], 2, Checkability.Checkable, Settings).Label);
        Assert.Contains("2 cited source(s) could not be fetched", VerdictPolicy.Decide([], 2, Checkability.Checkable, Settings).Rationale, StringComparison.Ordinal);
        Assert.Equal(VerdictLabel.NotCheckable, VerdictPolicy.Decide([new PolicyInput("Source 1", new(0.9, 0.05, 0.05))], 0, Checkability.NotCheckable, Settings).Label);
    }

    [Fact]
    public void The_settings_round_trip_through_json()
    {
        var settings = new PolicySettings(0.75, 0.6, 0.3, 1.4, -0.2, "xenc-test");
        Assert.Equal(settings with { Provenance = null }, PolicySettings.FromJson(settings.ToJson()) with { Provenance = null });
        Assert.Equal("s0.75-r0.60", settings.Tag);
    }

    [Fact]
    public void Each_verdict_has_its_own_confidence_map_where_one_was_fitted()
    {
        // Readings of the same strength: a refutation that is right more often than a support of that strength ranks
        // above it; a verdict without a map of its own (conflicting here) takes the shared one.
        var settings = Settings with
        {
            Slope = 1, Intercept = 0,
            Maps = new Dictionary<string, ConfidenceMap> { ["refuted"] = new(0.6, 0.4), ["supported"] = new(0, -0.5) },
        };
        var refuted = VerdictPolicy.Decide([new PolicyInput("Source 1", new(0.05, 0.8, 0.15))], 0, Checkability.Checkable, settings);
        var supported = VerdictPolicy.Decide([new PolicyInput("Source 1", new(0.8, 0.05, 0.15))], 0, Checkability.Checkable, settings);
        Assert.Equal(VerdictLabel.Refuted, refuted.Label);
        Assert.Equal(VerdictLabel.Supported, supported.Label);
        Assert.Equal(1 / (1 + Math.Exp(-(0.6 * Math.Log(0.8 / 0.2) + 0.4))), refuted.Confidence, 3);
        Assert.Equal(1 / (1 + Math.Exp(0.5)), supported.Confidence, 3);
        Assert.True(refuted.Confidence > supported.Confidence);
        // A flat map: the verdict's rate of being right, whatever the strength.
        Assert.Equal(supported.Confidence, VerdictPolicy.Decide([new PolicyInput("Source 1", new(0.95, 0.01, 0.04))], 0, Checkability.Checkable, settings).Confidence);
        Assert.Equal(0.8, VerdictPolicy.Calibrated(0.8, settings, VerdictLabel.Conflicting), 3);
        // The maps survive the policy file.
        var read = PolicySettings.FromJson(settings.ToJson());
        Assert.Equal(new ConfidenceMap(0.6, 0.4), read.MapOf(VerdictLabel.Refuted));
        Assert.Equal(new ConfidenceMap(1, 0), read.MapOf(VerdictLabel.NotEnoughEvidence));
    }

    /// <summary>Verdicts whose chance of being right is sigmoid(slope · logit(raw) + intercept), right in that share exactly.</summary>
    static List<(double X, double Y, double W)> Verdicts(double slope, double intercept)
    {
        var rows = new List<(double X, double Y, double W)>();
        for (var raw = 0.05; raw < 0.96; raw += 0.05)
        {
            var x = Math.Log(raw / (1 - raw));
            var right = (int)Math.Round(100 / (1 + Math.Exp(-(slope * x + intercept))));
            rows.AddRange(Enumerable.Range(0, 100).Select(k => (x, k < right ? 1.0 : 0.0, 1.0)));
        }
        return rows;
    }

    [Fact]
    public void A_confidence_map_is_fitted_to_how_often_verdicts_were_right()
    {
        var map = ConfidenceMap.Fit(Verdicts(0.6, -0.4));
        Assert.InRange(map.Slope, 0.5, 0.65);
        Assert.InRange(map.Intercept, -0.5, -0.3);
        // Stronger readings right less often: the map is flat at the verdicts' rate of being right, never falling.
        var falling = Verdicts(-0.8, 0.2);
        var flat = ConfidenceMap.Fit(falling);
        Assert.Equal(0, flat.Slope);
        Assert.Equal(falling.Average(r => r.Y), 1 / (1 + Math.Exp(-flat.Intercept)), 2);
        // Right and wrong verdicts that separate at one raw value do not run the map off to a huge slope.
        var separated = ConfidenceMap.Fit([.. Enumerable.Range(0, 200).Select(k => (X: k < 100 ? -1.4 : 0.4, Y: k < 100 ? 0.0 : 1.0, W: 1.0))]);
        Assert.InRange(separated.Slope, 0, 20);
        Assert.True(double.IsFinite(separated.Intercept));
    }

    [Fact]
    public void The_embedded_policy_was_chosen_for_the_embedded_model()
    {
        // A retrain without choosing the thresholds again would read the new model's probabilities against another's.
        var policy = PolicySettings.LoadEmbedded();
        using var model = CrossEncoder.LoadEmbedded(threads: 1)!;
        Assert.Equal(model.Version, policy.Model);
        Assert.InRange(policy.Support, 0.5, 0.99);
        Assert.InRange(policy.Refute, 0.5, 0.99);
        Assert.True(policy.Provenance is { } p && p.GetProperty("outOfFold").TryGetProperty("news", out _), "the policy carries its out-of-fold figures");
        // Every map it carries keeps a stronger reading at least as confident (a slope below zero is flattened when fitted).
        Assert.All(policy.Maps ?? new Dictionary<string, ConfidenceMap>(), m => Assert.True(m.Value.Slope >= 0, m.Key));
    }
}
