namespace FactCheck.Tools.Experiments;

/// <summary>
/// A linear map applied to the query's MiniLM embedding before it is compared with stored claims
/// (q' = W q, W near the identity): it adapts how pasted social-media text is read to how fact-checks
/// word the same claim, without touching the stored embeddings. Trained listwise on matched pairs, with
/// the matcher's own candidates as the negatives, and pulled towards the identity by an L2 penalty.
/// </summary>
public sealed class QueryAdapter
{
    public required int Dimensions { get; init; }
    /// <summary>Row-major, Dimensions × Dimensions.</summary>
    public required float[] Matrix { get; init; }

    public float[] Apply(float[] q)
    {
        var d = Dimensions;
        var result = new float[d];
        for (var i = 0; i < d; i++)
            result[i] = System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<float>(Matrix, i * d, d), q);
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(result);
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(result, norm, result);
        return result;
    }

    /// <summary>One training query: its embedding, its candidates' embeddings (each the claim and, optionally, its headline) and the right one.</summary>
    public sealed record Example(float[] Query, float[][][] Candidates, int Gold);

    public static QueryAdapter Train(IReadOnlyList<Example> examples, double l2, double temperature = 0.05, int epochs = 60, double rate = 1e-3, int seed = 7)
    {
        var usable = examples.Where(e => e.Gold >= 0).ToList();
        var d = usable[0].Query.Length;
        var w = new double[d * d];
        for (var i = 0; i < d; i++) w[i * d + i] = 1;
        var m1 = new double[d * d];
        var m2 = new double[d * d];
        var random = new Random(seed);
        const int batchSize = 32;
        var step = 0;
        var a = new double[d];
        var ga = new double[d];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = usable.OrderBy(_ => random.Next()).ToList();
            for (var start = 0; start < order.Count; start += batchSize)
            {
                var grad = new double[d * d];
                var batch = order.Skip(start).Take(batchSize).ToList();
                foreach (var e in batch)
                {
                    // a = W q; scores s_i = max over the candidate's vectors of a·v / |a|.
                    for (var i = 0; i < d; i++)
                    {
                        var s = 0.0;
                        for (var j = 0; j < d; j++) s += w[i * d + j] * e.Query[j];
                        a[i] = s;
                    }
                    var norm = Math.Sqrt(a.Sum(x => x * x));
                    var scores = new double[e.Candidates.Length];
                    var chosen = new float[e.Candidates.Length][];
                    for (var c = 0; c < e.Candidates.Length; c++)
                    {
                        var best = double.NegativeInfinity;
                        foreach (var v in e.Candidates[c])
                        {
                            var dot = 0.0;
                            for (var i = 0; i < d; i++) dot += a[i] * v[i];
                            if (dot > best) { best = dot; chosen[c] = v; }
                        }
                        scores[c] = best / norm;
                    }
                    var max = scores.Max();
                    var exp = scores.Select(s => Math.Exp((s - max) / temperature)).ToArray();
                    var sum = exp.Sum();
                    Array.Clear(ga);
                    for (var c = 0; c < scores.Length; c++)
                    {
                        var coefficient = ((c == e.Gold ? 1 : 0) - exp[c] / sum) / temperature;
                        if (Math.Abs(coefficient) < 1e-9) continue;
                        var v = chosen[c];
                        // d s_c / d a = v / |a| - s_c a / |a|²
                        for (var i = 0; i < d; i++) ga[i] += coefficient * (v[i] / norm - scores[c] * a[i] / (norm * norm));
                    }
                    for (var i = 0; i < d; i++)
                    {
                        if (ga[i] == 0) continue;
                        for (var j = 0; j < d; j++) grad[i * d + j] += ga[i] * e.Query[j];
                    }
                }
                step++;
                for (var k = 0; k < d * d; k++)
                {
                    var identity = k / d == k % d ? 1.0 : 0.0;
                    var g = grad[k] / batch.Count - l2 * (w[k] - identity);
                    m1[k] = 0.9 * m1[k] + 0.1 * g;
                    m2[k] = 0.999 * m2[k] + 0.001 * g * g;
                    w[k] += rate * (m1[k] / (1 - Math.Pow(0.9, step))) / (Math.Sqrt(m2[k] / (1 - Math.Pow(0.999, step))) + 1e-8);
                }
            }
        }
        return new QueryAdapter { Dimensions = d, Matrix = w.Select(x => (float)x).ToArray() };
    }
}
