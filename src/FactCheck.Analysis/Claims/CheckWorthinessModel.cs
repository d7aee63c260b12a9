using System.Reflection;
using System.Text.Json;
using FactCheck.Analysis.Embeddings;

namespace FactCheck.Analysis.Claims;

/// <summary>
/// The learned check-worthiness model: logistic regression over the features of
/// <see cref="CheckWorthinessFeatures"/>, trained on CLEF 2019 CheckThat! (see the model file's provenance).
/// </summary>
public sealed class CheckWorthinessModel
{
    public const string Version = "cw-2026.11-1";
    // Embeddings add 0.002 MAP in leave-one-file-out evaluation (0.2444 vs 0.2422) at ~6 ms a sentence:
    // not worth it for scoring; see docs/checkworthiness.md.
    public const FeatureGroups Features = FeatureGroups.Cues | FeatureGroups.Ngrams;

    public static readonly LogisticModel.TrainingOptions Training = new() { Epochs = 8, LearningRate = 0.05, L2 = 1e-4 };

    readonly LogisticModel model;

    public CheckWorthinessModel(LogisticModel model, FeatureGroups features, LogisticModel.StoredModel? stored = null)
    {
        this.model = model;
        FeatureGroups = features;
        Stored = stored;
    }

    public FeatureGroups FeatureGroups { get; }
    public LogisticModel.StoredModel? Stored { get; }
    public bool NeedsEmbeddings => FeatureGroups.HasFlag(FeatureGroups.Embedding);

    /// <summary>Loads the model shipped inside this assembly.</summary>
    public static CheckWorthinessModel LoadEmbedded()
    {
        var assembly = typeof(CheckWorthinessModel).Assembly;
        using var stream = assembly.GetManifestResourceStream("FactCheck.Analysis.Claims.Models.checkworthiness.json")
            ?? throw new InvalidOperationException("The check-worthiness model is missing: run `checkworthiness train`.");
        var stored = JsonSerializer.Deserialize<LogisticModel.StoredModel>(stream, LogisticModel.Json)!;
        return new CheckWorthinessModel(LogisticModel.FromStored(stored), stored.Features, stored);
    }

    public double Score(string sentence, float[]? embedding) =>
        model.Predict(CheckWorthinessFeatures.Build(sentence, embedding, FeatureGroups));

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
}
