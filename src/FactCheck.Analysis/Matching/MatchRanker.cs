using System.Text.Json;
using FactCheck.Analysis.Claims;

namespace FactCheck.Analysis.Matching;

/// <summary>
/// The learned re-ranker of claim matching: a linear score over <see cref="MatchFeatures"/>, trained listwise
/// (the softmax of each query's candidate scores should put its mass on the claim a fact-checker matched) by
/// <c>dotnet run --project tools/FactCheck.Tools -c Release -- match train</c> on CLEF 2020 Task 2 train
/// tweets only. The score is turned into a 0–1 match score by a logistic function fitted on the same rows.
/// </summary>
public sealed class MatchRanker
{
    public required string Version { get; init; }
    public required string[] FeatureNames { get; init; }
    public required float[] Weights { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Scale { get; init; }
    /// <summary>Maps the linear score to a probability of "same claim": 1 / (1 + e^-(a·score + b)).</summary>
    public double CalibrationSlope { get; init; } = 1;
    public double CalibrationIntercept { get; init; }
    /// <summary>Where the figures come from (the training command's output).</summary>
    public string[] Provenance { get; init; } = [];

    public double Score(float[] features)
    {
        var s = 0.0;
        for (var i = 0; i < Weights.Length; i++) s += Weights[i] * (features[i] - Mean[i]) / Scale[i];
        return s;
    }

    public double Probability(double score) => 1 / (1 + Math.Exp(-(CalibrationSlope * score + CalibrationIntercept)));

    /// <summary>The model shipped with the service, checked against the feature layout it was trained for.</summary>
    public static MatchRanker Default { get; } = Load();

    static MatchRanker Load()
    {
        using var stream = typeof(MatchRanker).Assembly.GetManifestResourceStream("FactCheck.Analysis.Matching.Models.match-ranker.json")
            ?? throw new InvalidOperationException("The match ranker model is missing from the assembly.");
        var model = FromJson(stream);
        if (!model.FeatureNames.SequenceEqual(MatchFeatures.Names))
            throw new InvalidOperationException("The stored match ranker was trained on other features: run `match train` again.");
        return model;
    }

    public static MatchRanker FromJson(Stream stream) =>
        JsonSerializer.Deserialize<MatchRanker>(stream, JsonOptions) ?? throw new InvalidOperationException("Empty match ranker model.");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>One query's candidates (features) and which of them is right (-1: none of them).</summary>
    public sealed record Group(float[][] Features, int Gold);

    /// <summary>
    /// Listwise training: full-batch gradient ascent on the mean log-softmax probability of each group's
    /// right candidate, with an L2 penalty; features standardised on the training rows. Deterministic.
    /// Groups whose right candidate is absent teach nothing and are skipped.
    /// </summary>
    public static MatchRanker Train(IReadOnlyList<Group> groups, double l2, string version, int iterations = 600)
    {
        var usable = groups.Where(g => g.Gold >= 0 && g.Features.Length > 1).ToList();
        var d = MatchFeatures.Count;
        var rows = usable.SelectMany(g => g.Features).ToList();
        var mean = new float[d];
        var scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            var m = rows.Average(r => (double)r[j]);
            var sd = Math.Sqrt(rows.Average(r => (r[j] - m) * (r[j] - m)));
            mean[j] = (float)m;
            scale[j] = (float)(sd < 1e-6 ? 1 : sd);
        }
        var w = new double[d];
        // Adam on the full batch: a handful of weights, a convex objective.
        var m1 = new double[d];
        var m2 = new double[d];
        const double rate = 0.05, beta1 = 0.9, beta2 = 0.999;
        for (var t = 1; t <= iterations; t++)
        {
            var grad = new double[d];
            foreach (var g in usable)
            {
                var scores = g.Features.Select(f => Dot(w, f, mean, scale)).ToArray();
                var max = scores.Max();
                var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
                var sum = exp.Sum();
                for (var i = 0; i < g.Features.Length; i++)
                {
                    var p = exp[i] / sum;
                    var coefficient = (i == g.Gold ? 1 : 0) - p;
                    for (var j = 0; j < d; j++) grad[j] += coefficient * (g.Features[i][j] - mean[j]) / scale[j];
                }
            }
            for (var j = 0; j < d; j++)
            {
                var gj = grad[j] / usable.Count - l2 * w[j];
                m1[j] = beta1 * m1[j] + (1 - beta1) * gj;
                m2[j] = beta2 * m2[j] + (1 - beta2) * gj * gj;
                w[j] += rate * (m1[j] / (1 - Math.Pow(beta1, t))) / (Math.Sqrt(m2[j] / (1 - Math.Pow(beta2, t))) + 1e-8);
            }
        }
        var model = new MatchRanker
        {
            Version = version,
            FeatureNames = MatchFeatures.Names,
            Weights = w.Select(x => (float)x).ToArray(),
            Mean = mean,
            Scale = scale,
        };
        var (a, b) = Calibrate(model, usable);
        return new MatchRanker
        {
            Version = version, FeatureNames = model.FeatureNames, Weights = model.Weights, Mean = mean, Scale = scale,
            CalibrationSlope = a, CalibrationIntercept = b,
        };
    }

    static double Dot(double[] w, float[] f, float[] mean, float[] scale)
    {
        var s = 0.0;
        for (var j = 0; j < w.Length; j++) s += w[j] * (f[j] - mean[j]) / scale[j];
        return s;
    }

    /// <summary>Platt scaling: logistic regression of "is the right candidate" on the score.</summary>
    static (double Slope, double Intercept) Calibrate(MatchRanker model, List<Group> groups)
    {
        var points = groups.SelectMany(g => g.Features.Select((f, i) => (Score: model.Score(f), Label: i == g.Gold ? 1.0 : 0.0))).ToList();
        double a = 1, b = 0;
        for (var t = 0; t < 2000; t++)
        {
            double ga = 0, gb = 0;
            foreach (var (s, y) in points)
            {
                var p = 1 / (1 + Math.Exp(-(a * s + b)));
                ga += (y - p) * s;
                gb += y - p;
            }
            a += 0.5 * ga / points.Count;
            b += 0.5 * gb / points.Count;
        }
        return (a, b);
    }
}
