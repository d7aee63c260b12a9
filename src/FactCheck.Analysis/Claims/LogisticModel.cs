using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactCheck.Analysis.Claims;

/// <summary>
/// Binary logistic regression over sparse features, trained with AdaGrad and L2 regularisation,
/// positives up-weighted to balance the classes. Small, deterministic and dependency-free.
/// </summary>
public sealed class LogisticModel
{
    public required float[] Weights { get; init; }
    public float Bias { get; set; }

    public double Predict(SparseVector x)
    {
        double z = Bias;
        for (var i = 0; i < x.Count; i++) z += Weights[x.Indices[i]] * x.Values[i];
        return 1.0 / (1.0 + Math.Exp(-z));
    }

    /// <summary>The contribution of each feature to the logit of <paramref name="x"/>.</summary>
    public IEnumerable<(int Index, double Contribution)> Contributions(SparseVector x)
    {
        for (var i = 0; i < x.Count; i++) yield return (x.Indices[i], Weights[x.Indices[i]] * x.Values[i]);
    }

    public sealed record TrainingOptions
    {
        public int Epochs { get; init; } = 12;
        public double LearningRate { get; init; } = 0.1;
        public double L2 { get; init; } = 1e-5;
        /// <summary>Weight of a positive example relative to a negative; null balances the classes.</summary>
        public double? PositiveWeight { get; init; }
        public int Seed { get; init; } = 13;
    }

    public static LogisticModel Train(IReadOnlyList<SparseVector> xs, IReadOnlyList<bool> ys, int dimensions, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        var positives = ys.Count(y => y);
        var positiveWeight = options.PositiveWeight ?? (positives == 0 ? 1.0 : (ys.Count - positives) / (double)positives);
        var model = new LogisticModel { Weights = new float[dimensions] };
        var g2 = new double[dimensions];
        double biasG2 = 0;
        var order = Enumerable.Range(0, xs.Count).ToArray();
        var random = new Random(options.Seed);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var n in order)
            {
                var x = xs[n];
                var y = ys[n] ? 1.0 : 0.0;
                var weight = ys[n] ? positiveWeight : 1.0;
                var error = (model.Predict(x) - y) * weight;
                for (var i = 0; i < x.Count; i++)
                {
                    var j = x.Indices[i];
                    var gradient = error * x.Values[i] + options.L2 * model.Weights[j];
                    g2[j] += gradient * gradient;
                    model.Weights[j] -= (float)(options.LearningRate * gradient / (Math.Sqrt(g2[j]) + 1e-8));
                }
                biasG2 += error * error;
                model.Bias -= (float)(options.LearningRate * error / (Math.Sqrt(biasG2) + 1e-8));
            }
        }
        return model;
    }

    /// <summary>The stored form: weights as base64 float32, with what produced them.</summary>
    public sealed record StoredModel(
        string Name, string Version, string Provenance, FeatureGroups Features, int Dimensions, float Bias, string Weights,
        Dictionary<string, double> Metrics);

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public StoredModel ToStored(string name, string version, string provenance, FeatureGroups features, Dictionary<string, double> metrics) =>
        new(name, version, provenance, features, Weights.Length, Bias, FloatArrays.ToBase64(Weights), metrics);

    public static LogisticModel FromStored(StoredModel stored)
    {
        var weights = new float[stored.Dimensions];
        FloatArrays.FromBase64(stored.Weights).CopyTo(weights, 0);
        return new LogisticModel { Weights = weights, Bias = stored.Bias };
    }
}
