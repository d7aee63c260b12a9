using FactCheck.Analysis.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactCheck.Analysis.Evidence;

/// <summary>Probabilities of the three stances of a passage towards a claim; they add up to 1.</summary>
public readonly record struct StanceProbabilities(double Supports, double Refutes, double Neutral);

/// <summary>
/// The learned stance model: multinomial logistic regression over what decides a stance. From the two MiniLM
/// embeddings it reads their element-wise product and absolute difference (which dimensions agree, and
/// which differ: the usual sentence-pair features, able to learn more than the cosine alone, which rates
/// "rose" and "fell" alike), and from <see cref="StanceClassifier.Detect"/> the rule signals: word overlap
/// both ways, numbers agreeing and conflicting, negation on either side, antonyms, denial and hedging
/// vocabulary. Trained by <c>dotnet run --project tools/FactCheck.Tools -c Release -- verify train</c>
/// (see the model file's provenance and docs/verification.md), deterministic for a seed.
/// </summary>
public sealed class StanceModel
{
    public const int EmbeddingDimensions = 384;
    public const int ScalarCount = 26;
    public const int Dimensions = 2 * EmbeddingDimensions + ScalarCount;
    const int Classes = 3;

    public required string Version { get; init; }
    /// <summary>Weights by class (supports, refutes, neutral), each <see cref="Dimensions"/> long.</summary>
    public required float[][] Weights { get; init; }
    public required float[] Bias { get; init; }
    /// <summary>Per-feature mean and scale, learned on the training rows: features are standardised before use.</summary>
    public required float[] Mean { get; init; }
    public required float[] Scale { get; init; }
    /// <summary>A supporting or refuting stance counts towards the verdict from this probability (chosen by cross-validation).</summary>
    public double DecisiveScore { get; init; } = 0.5;

    public static readonly string[] ScalarNames =
    [
        "cosine", "cosine²", "overlap", "reverse overlap", "numbers agreeing", "numbers conflicting", "claim negated",
        "passage negated", "negation mismatch", "antonym", "passage denies", "claim denies", "passage hedged", "claim hedged",
        "passage length", "claim length", "cosine × negation mismatch", "cosine × antonym", "cosine × passage denies",
        "overlap × numbers conflicting", "cosine × claim denies", "cosine × claim negated", "cosine × passage negated",
        "bigram overlap", "name coverage", "long-word overlap",
    ];

    /// <summary>The raw (unstandardised) features of a claim–passage pair.</summary>
    public static float[] Features(float[] u, float[] v, StanceClassifier.Signals s)
    {
        if (u.Length != EmbeddingDimensions || v.Length != EmbeddingDimensions)
            throw new ArgumentException($"Stance features need {EmbeddingDimensions}-dimensional embeddings.");
        var x = new float[Dimensions];
        for (var i = 0; i < EmbeddingDimensions; i++)
        {
            x[i] = u[i] * v[i];
            x[EmbeddingDimensions + i] = Math.Abs(u[i] - v[i]);
        }
        var cosine = Embeddings.MiniLmEmbedder.Cosine(u, v);
        var o = 2 * EmbeddingDimensions;
        x[o + 0] = cosine;
        x[o + 1] = cosine * cosine;
        x[o + 2] = (float)s.Overlap;
        x[o + 3] = (float)s.ReverseOverlap;
        x[o + 4] = Math.Min(s.NumbersAgreeing, 3);
        x[o + 5] = Math.Min(s.NumbersConflicting, 3);
        x[o + 6] = s.ClaimNegated ? 1 : 0;
        x[o + 7] = s.PassageNegated ? 1 : 0;
        x[o + 8] = s.NegationMismatch ? 1 : 0;
        x[o + 9] = s.Antonym is null ? 0 : 1;
        x[o + 10] = s.PassageDenies ? 1 : 0;
        x[o + 11] = s.ClaimDenies ? 1 : 0;
        x[o + 12] = s.PassageHedged ? 1 : 0;
        x[o + 13] = s.ClaimHedged ? 1 : 0;
        x[o + 14] = (float)Math.Log(1 + s.PassageTermCount);
        x[o + 15] = (float)Math.Log(1 + s.ClaimTermCount);
        // Contradiction signals matter between passages about the same thing: their products with relatedness.
        x[o + 16] = cosine * x[o + 8];
        x[o + 17] = cosine * x[o + 9];
        x[o + 18] = cosine * x[o + 10];
        x[o + 19] = x[o + 2] * x[o + 5];
        x[o + 20] = cosine * x[o + 11];
        x[o + 21] = cosine * x[o + 6];
        x[o + 22] = cosine * x[o + 7];
        x[o + 23] = (float)s.BigramOverlap;
        x[o + 24] = (float)s.NameCoverage;
        x[o + 25] = (float)s.LongWordOverlap;
        return x;
    }

    public StanceProbabilities Predict(float[] u, float[] v, StanceClassifier.Signals signals) => Predict(Features(u, v, signals));

    public StanceProbabilities Predict(float[] raw)
    {
        var p = PredictSoftmax(raw, Weights, Bias, Mean, Scale);
        return new StanceProbabilities(p[0], p[1], p[2]);
    }

    static double[] Softmax(double[] z)
    {
        var max = z.Max();
        var e = new double[z.Length];
        double total = 0;
        for (var c = 0; c < z.Length; c++) total += e[c] = Math.Exp(z[c] - max);
        for (var c = 0; c < z.Length; c++) e[c] /= total;
        return e;
    }

    public sealed record TrainingOptions
    {
        public int Epochs { get; init; } = 30;
        public double LearningRate { get; init; } = 0.05;
        public double L2 { get; init; } = 1e-3;
        /// <summary>Weight each class by the inverse of its frequency (to this power: 0 = none, 1 = fully balanced).</summary>
        public double Balance { get; init; } = 0.5;
        public int Seed { get; init; } = 17;
        /// <summary>Read the embedding features (else only the rule signals and the cosine).</summary>
        public bool Embeddings { get; init; } = true;
    }

    /// <summary>Trains on raw feature rows and labels (0 supports, 1 refutes, 2 neutral) with AdaGrad.</summary>
    public static StanceModel Train(IReadOnlyList<float[]> xs, IReadOnlyList<int> ys, string version, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        var (weights, bias, mean, scale) = TrainSoftmax(xs, ys, Classes, options, skip: options.Embeddings ? 0 : 2 * EmbeddingDimensions);
        return new StanceModel { Version = version, Weights = weights, Bias = bias, Mean = mean, Scale = scale };
    }

    /// <summary>
    /// Multinomial logistic regression with AdaGrad and L2 on standardised features; the first
    /// <paramref name="skip"/> features are left out (scale 0).
    /// </summary>
    public static (float[][] Weights, float[] Bias, float[] Mean, float[] Scale) TrainSoftmax(
        IReadOnlyList<float[]> xs, IReadOnlyList<int> ys, int classes, TrainingOptions options, int skip = 0)
    {
        var n = xs.Count;
        var dimensions = xs[0].Length;
        var mean = new float[dimensions];
        var scale = new float[dimensions];
        for (var i = skip; i < dimensions; i++)
        {
            double m = 0, v = 0;
            foreach (var x in xs) m += x[i];
            m /= n;
            foreach (var x in xs) v += (x[i] - m) * (x[i] - m);
            var sd = Math.Sqrt(v / n);
            mean[i] = (float)m;
            scale[i] = sd < 1e-6 ? 0 : (float)(1 / sd);
        }
        var standardised = xs.Select(x => x.Select((value, i) => (value - mean[i]) * scale[i]).ToArray()).ToArray();
        var counts = new double[classes];
        foreach (var y in ys) counts[y]++;
        var classWeight = counts.Select(c => c == 0 ? 0 : Math.Pow(n / (classes * c), options.Balance)).ToArray();

        var weights = Enumerable.Range(0, classes).Select(_ => new float[dimensions]).ToArray();
        var bias = new float[classes];
        var g2 = Enumerable.Range(0, classes).Select(_ => new double[dimensions]).ToArray();
        var biasG2 = new double[classes];
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(options.Seed);
        var z = new double[classes];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var k in order)
            {
                var x = standardised[k];
                for (var c = 0; c < classes; c++)
                {
                    double sum = bias[c];
                    var w = weights[c];
                    for (var i = skip; i < dimensions; i++) sum += w[i] * x[i];
                    z[c] = sum;
                }
                var p = Softmax(z);
                for (var c = 0; c < classes; c++)
                {
                    var error = (p[c] - (ys[k] == c ? 1 : 0)) * classWeight[ys[k]];
                    var w = weights[c];
                    var g = g2[c];
                    for (var i = skip; i < dimensions; i++)
                    {
                        var gradient = error * x[i] + options.L2 * w[i];
                        g[i] += gradient * gradient;
                        w[i] -= (float)(options.LearningRate * gradient / (Math.Sqrt(g[i]) + 1e-8));
                    }
                    biasG2[c] += error * error;
                    bias[c] -= (float)(options.LearningRate * error / (Math.Sqrt(biasG2[c]) + 1e-8));
                }
            }
        }
        return (weights, bias, mean, scale);
    }

    /// <summary>Class probabilities of standardised-on-the-fly features.</summary>
    public static double[] PredictSoftmax(float[] raw, float[][] weights, float[] bias, float[] mean, float[] scale)
    {
        var z = new double[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            double sum = bias[c];
            var w = weights[c];
            for (var i = 0; i < raw.Length; i++) sum += w[i] * ((raw[i] - mean[i]) * scale[i]);
            z[c] = sum;
        }
        return Softmax(z);
    }

    /// <summary>The stored form: arrays as base64 float32, with what produced them and how well it did.</summary>
    public sealed record Stored(
        string Name, string Version, string Provenance, int Dimensions, string[] Classes, string Bias, string[] Weights, string Mean, string Scale,
        Dictionary<string, double> Metrics, Dictionary<string, double> Settings);

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public Stored ToStored(string provenance, Dictionary<string, double> metrics, Dictionary<string, double> settings) =>
        new("stance", Version, provenance, Dimensions, ["supports", "refutes", "neutral"], FloatArrays.ToBase64(Bias),
            [.. Weights.Select(FloatArrays.ToBase64)], FloatArrays.ToBase64(Mean), FloatArrays.ToBase64(Scale), metrics, settings);

    public static StanceModel FromStored(Stored stored)
    {
        if (stored.Dimensions != Dimensions)
            throw new InvalidOperationException($"The stance model has {stored.Dimensions} features, this code builds {Dimensions}: run `verify train`.");
        return new StanceModel
        {
            Version = stored.Version,
            Weights = [.. stored.Weights.Select(FloatArrays.FromBase64)],
            Bias = FloatArrays.FromBase64(stored.Bias),
            Mean = FloatArrays.FromBase64(stored.Mean),
            Scale = FloatArrays.FromBase64(stored.Scale),
            DecisiveScore = stored.Settings.GetValueOrDefault("decisiveScore", 0.5),
        };
    }

    const string ResourceName = "FactCheck.Analysis.Evidence.Models.stance.json";

    /// <summary>The model shipped inside this assembly, or null when none was trained yet.</summary>
    public static StanceModel? LoadEmbedded()
    {
        using var stream = typeof(StanceModel).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? null : FromStored(JsonSerializer.Deserialize<Stored>(stream, Json)!);
    }
}
