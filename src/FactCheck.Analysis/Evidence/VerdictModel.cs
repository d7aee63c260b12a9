namespace FactCheck.Analysis.Evidence;

/// <summary>Probabilities of the four verdicts a claim's evidence can give.</summary>
public readonly record struct VerdictProbabilities(double Supported, double Refuted, double NotEnoughEvidence, double Conflicting)
{
    public (VerdictLabel Label, double Probability) Best() => Best(_ => true);

    /// <summary>The most probable of the verdicts <paramref name="allowed"/> admits (not enough evidence always is).</summary>
    public (VerdictLabel Label, double Probability) Best(Func<VerdictLabel, bool> allowed)
    {
        (VerdictLabel, double)[] all =
            [(VerdictLabel.Supported, Supported), (VerdictLabel.Refuted, Refuted), (VerdictLabel.NotEnoughEvidence, NotEnoughEvidence), (VerdictLabel.Conflicting, Conflicting)];
        return all.Where(x => x.Item1 == VerdictLabel.NotEnoughEvidence || allowed(x.Item1)).MaxBy(x => x.Item2);
    }
}

/// <summary>
/// The claim verdict from the calibrated stances of its sources (one passage per source): a softmax regression over
/// the strongest and second-strongest support and refutation, their means and the product of the strongest two,
/// fitted on Climate-FEVER's out-of-fold stances by <c>tools/crossencoder/train.py</c> (which must compute
/// <see cref="Features"/> the same way) and calibrated by a temperature.
/// </summary>
public sealed class VerdictModel(VerdictModelWeights weights)
{
    public static float[] Features(IReadOnlyList<StanceProbabilities> stances)
    {
        if (stances.Count == 0) throw new ArgumentException("A verdict needs at least one stance.", nameof(stances));
        var s = stances.Select(p => p.Supports).OrderDescending().Concat([0.0, 0.0]).ToArray();
        var r = stances.Select(p => p.Refutes).OrderDescending().Concat([0.0, 0.0]).ToArray();
        return [(float)s[0], (float)r[0], (float)s[1], (float)r[1], (float)stances.Average(p => p.Supports), (float)stances.Average(p => p.Refutes), (float)(s[0] * r[0])];
    }

    public VerdictProbabilities Predict(IReadOnlyList<StanceProbabilities> stances)
    {
        var x = Features(stances);
        var logits = new double[weights.Bias.Length];
        for (var c = 0; c < logits.Length; c++)
        {
            var z = weights.Bias[c];
            for (var j = 0; j < x.Length; j++) z += weights.Weights[c][j] * ((x[j] - weights.Mean[j]) / weights.Scale[j]);
            logits[c] = (z + (weights.PriorShift is { } shift ? shift[c] : 0)) / weights.Temperature;
        }
        var p = Softmax(logits);
        return new VerdictProbabilities(p[0], p[1], p[2], p[3]);
    }

    public static double[] Softmax(IReadOnlyList<double> logits)
    {
        var max = logits.Max();
        var e = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }
}
