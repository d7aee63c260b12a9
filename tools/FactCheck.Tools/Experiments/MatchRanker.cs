namespace FactCheck.Tools.Experiments;

/// <summary>
/// An experiment, not served: a linear re-ranker over <see cref="MatchFeatures"/>, trained listwise (the
/// softmax of each query's candidate scores should put its mass on the claim a fact-checker matched).
/// <c>match cv</c> measures it on CLEF 2020 Task 2 (docs/search.md, "Tried and not served").
/// </summary>
public sealed class MatchRanker
{
    public required float[] Weights { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Scale { get; init; }

    public double Score(float[] features)
    {
        var s = 0.0;
        for (var i = 0; i < Weights.Length; i++) s += Weights[i] * (features[i] - Mean[i]) / Scale[i];
        return s;
    }

    /// <summary>One query's candidates (features) and which of them is right (-1: none of them).</summary>
    public sealed record Group(float[][] Features, int Gold);

    /// <summary>
    /// Listwise training: full-batch gradient ascent on the mean log-softmax probability of each group's
    /// right candidate, with an L2 penalty; features standardised on the training rows. Deterministic.
    /// Groups whose right candidate is absent teach nothing and are skipped.
    /// </summary>
    public static MatchRanker Train(IReadOnlyList<Group> groups, double l2, int iterations = 400)
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
        return new MatchRanker { Weights = w.Select(x => (float)x).ToArray(), Mean = mean, Scale = scale };
    }

    static double Dot(double[] w, float[] f, float[] mean, float[] scale)
    {
        var s = 0.0;
        for (var j = 0; j < w.Length; j++) s += w[j] * (f[j] - mean[j]) / scale[j];
        return s;
    }
}
