using System.Reflection;
using System.Text.Json;
using FactCheck.Analysis.Embeddings;

namespace FactCheck.Analysis.Claims;

/// <summary>
/// The check-worthiness model: a logistic regression over the features of <see cref="CheckWorthinessFeatures"/>
/// (cues and n-grams, trained on CLEF 2019 CheckThat!, see the model file's provenance) and, when the assembly carries
/// one, the fine-tuned <see cref="CheckWorthinessEncoder"/>, whose logit is stacked with the regression's log-odds.
/// The reasons a reader sees are always the regression's cues.
/// </summary>
public sealed class CheckWorthinessModel : IDisposable
{
    /// <summary>The feature model's version (the stored logistic regression).</summary>
    public const string FeaturesVersion = "cw-2026.11-1";
    // Sentence embeddings add 0.002 MAP to the regression in leave-one-file-out evaluation (0.2444 vs 0.2422): not
    // worth it; the fine-tuned encoder is how MiniLM pays here (docs/analysis.md).
    public const FeatureGroups Features = FeatureGroups.Cues | FeatureGroups.Ngrams;

    public static readonly LogisticModel.TrainingOptions Training = new() { Epochs = 8, LearningRate = 0.05, L2 = 1e-4 };

    readonly LogisticModel model;

    public CheckWorthinessModel(LogisticModel model, FeatureGroups features, LogisticModel.StoredModel? stored = null, CheckWorthinessEncoder? encoder = null)
    {
        this.model = model;
        FeatureGroups = features;
        Stored = stored;
        Encoder = encoder;
    }

    /// <summary>The fine-tuned sentence classifier, or null on the rules-only path (features alone).</summary>
    public CheckWorthinessEncoder? Encoder { get; }

    /// <summary>What scores: the encoder's version when there is one (stacked with the features), else the feature model's.</summary>
    public string Version => Encoder?.Version ?? FeaturesVersion;

    public FeatureGroups FeatureGroups { get; }
    public LogisticModel.StoredModel? Stored { get; }
    public bool NeedsEmbeddings => FeatureGroups.HasFlag(FeatureGroups.Embedding);

    /// <summary>Loads the model shipped inside this assembly: the features and, unless <paramref name="featuresOnly"/>, the encoder.</summary>
    /// <param name="threads">The encoder's runs at a time (0: one per core).</param>
    public static CheckWorthinessModel LoadEmbedded(bool featuresOnly = false, int threads = 0)
    {
        var assembly = typeof(CheckWorthinessModel).Assembly;
        using var stream = assembly.GetManifestResourceStream("FactCheck.Analysis.Claims.Models.checkworthiness.json")
            ?? throw new InvalidOperationException("The check-worthiness model is missing: run `checkworthiness train`.");
        var stored = JsonSerializer.Deserialize<LogisticModel.StoredModel>(stream, LogisticModel.Json)!;
        return new CheckWorthinessModel(LogisticModel.FromStored(stored), stored.Features, stored, featuresOnly ? null : CheckWorthinessEncoder.LoadEmbedded(threads));
    }

    /// <summary>
    /// The encoder's logit of each sentence (read after its previous one when the model was trained so), or null on the
    /// rules-only path. One call per article.
    /// </summary>
    public float[]? LearnedLogits(IReadOnlyList<(string Previous, string Sentence)> sentences, CancellationToken cancellationToken = default) =>
        Encoder is null || sentences.Count == 0 ? null : Encoder.Logits(sentences, cancellationToken);

    /// <summary>
    /// The probability that <paramref name="sentence"/> is check-worthy: the feature model's, stacked with
    /// <paramref name="learnedLogit"/> (from <see cref="LearnedLogits"/>) when there is one.
    /// </summary>
    public double Score(string sentence, float[]? embedding, float? learnedLogit = null)
    {
        var features = model.Predict(CheckWorthinessFeatures.Build(sentence, embedding, FeatureGroups));
        return Encoder is { } encoder && learnedLogit is { } z ? encoder.Combine(z, features) : features;
    }

    /// <summary>The cue features that pushed the score up or down the most, as readable reasons.</summary>
    public IReadOnlyList<string> Reasons(string sentence, float[]? embedding, int max = 3)
    {
        var x = CheckWorthinessFeatures.Build(sentence, embedding, FeatureGroups & FeatureGroups.Cues);
        return model.Contributions(x)
            .Where(c => Math.Abs(c.Contribution) > 0.05)
            .OrderByDescending(c => Math.Abs(c.Contribution))
            .Take(max)
            .Select(c => (c.Contribution > 0 ? "+" : "-") + CheckWorthinessFeatures.CueNames[c.Index - CheckWorthinessFeatures.CueOffset])
            .ToList();
    }

    public void Dispose() => Encoder?.Dispose();
}
