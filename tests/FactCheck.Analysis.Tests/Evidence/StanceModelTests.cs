using System.Text.Json;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence;

namespace FactCheck.Analysis.Tests.Evidence;

public sealed class StanceModelTests
{
    static readonly Lazy<MiniLmEmbedder> Embedder = new(() => new MiniLmEmbedder());

    static (float[] Claim, float[] Passage) Embed(string claim, string passage)
    {
        var v = Embedder.Value.Embed([claim, passage]);
        return (v[0], v[1]);
    }

    [Fact]
    public void The_shipped_model_loads_and_reads_the_features_this_code_builds()
    {
        var model = StanceModel.LoadEmbedded();

        Assert.NotNull(model);
        Assert.StartsWith("stance-", model.Version, StringComparison.Ordinal);
        Assert.All(model.Weights, w => Assert.Equal(StanceModel.Dimensions, w.Length));
        Assert.InRange(model.DecisiveScore, 0.34, 0.9);
        Assert.Equal(StanceModel.ScalarCount, StanceModel.ScalarNames.Length);
    }

    [Fact]
    public void Probabilities_add_up_to_one_and_a_paraphrase_is_likelier_to_support_than_an_unrelated_sentence()
    {
        var model = StanceModel.LoadEmbedded()!;
        const string claim = "Arctic sea ice has been shrinking for decades.";
        const string paraphrase = "Satellite records show that the extent of Arctic sea ice has declined steadily since the 1980s.";
        const string unrelated = "The football club signed a new goalkeeper this summer.";
        var (c, p) = Embed(claim, paraphrase);
        var (_, u) = Embed(claim, unrelated);

        var supporting = model.Predict(c, p, StanceClassifier.Detect(claim, paraphrase));
        var other = model.Predict(c, u, StanceClassifier.Detect(claim, unrelated));

        Assert.Equal(1.0, supporting.Supports + supporting.Refutes + supporting.Neutral, 6);
        Assert.True(supporting.Supports > other.Supports, $"{supporting} vs {other}");
        Assert.True(other.Neutral > other.Supports && other.Neutral > other.Refutes, other.ToString());
    }

    [Fact]
    public void Training_learns_a_separable_rule_and_survives_a_round_trip_through_its_stored_form()
    {
        // Class decided by two of the scalar features: high cosine supports, a conflict refutes, else neutral.
        var random = new Random(3);
        var xs = new List<float[]>();
        var ys = new List<int>();
        for (var i = 0; i < 600; i++)
        {
            var x = new float[StanceModel.Dimensions];
            for (var d = 0; d < 2 * StanceModel.EmbeddingDimensions; d++) x[d] = (float)(random.NextDouble() * 0.1);
            var y = i % 3;
            x[2 * StanceModel.EmbeddingDimensions] = y == 0 ? 0.8f + (float)random.NextDouble() * 0.2f : (float)random.NextDouble() * 0.5f;
            x[2 * StanceModel.EmbeddingDimensions + 5] = y == 1 ? 1 : 0;
            xs.Add(x);
            ys.Add(y);
        }

        var model = StanceModel.Train(xs, ys, "stance-test", new StanceModel.TrainingOptions { Epochs = 10 });
        int Predict(StanceModel m, float[] x)
        {
            var p = m.Predict(x);
            return p.Supports >= p.Refutes && p.Supports >= p.Neutral ? 0 : p.Refutes >= p.Neutral ? 1 : 2;
        }
        Assert.True(xs.Select((x, i) => Predict(model, x) == ys[i]).Count(ok => ok) >= 570);

        var json = JsonSerializer.Serialize(model.ToStored("test", [], new() { ["decisiveScore"] = 0.45 }), StanceModel.Json);
        var loaded = StanceModel.FromStored(JsonSerializer.Deserialize<StanceModel.Stored>(json, StanceModel.Json)!);
        Assert.Equal(0.45, loaded.DecisiveScore);
        Assert.All(xs.Take(50), x => Assert.Equal(model.Predict(x), loaded.Predict(x)));
    }

    [Fact]
    public void A_model_built_for_other_features_is_refused()
    {
        var stored = new StanceModel.Stored("stance", "old", "", StanceModel.Dimensions - 1, ["supports", "refutes", "neutral"], "", [], "", "", [], []);

        var error = Assert.Throws<InvalidOperationException>(() => StanceModel.FromStored(stored));
        Assert.Contains("verify train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_contradiction_in_a_near_identical_passage_refutes_whatever_the_model_says()
    {
        const string claim = "The treaty was signed in Pyongyang on 19 June 2024.";
        const string passage = "The treaty was signed in Pyongyang on 21 June 2024.";
        var (c, p) = Embed(claim, passage);
        var cosine = MiniLmEmbedder.Cosine(c, p);
        var signals = StanceClassifier.Detect(claim, passage);
        var rules = StanceClassifier.Classify(claim, passage, cosine);
        var modelSaysSupports = new StanceProbabilities(0.9, 0.05, 0.05);

        var decided = StanceClassifier.Decide(modelSaysSupports, rules, signals, cosine, "m");

        Assert.True(cosine >= StanceClassifier.OverrideCosine, $"cosine {cosine}");
        Assert.Equal(Stance.Refutes, decided.Stance);
        Assert.Contains(decided.Signals, s => s.Contains("19 June 2024 conflicts", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_year_in_the_passage_leaves_the_decision_to_the_model()
    {
        const string claim = "Global temperatures in 2016 were the highest on record.";
        const string passage = "Global temperatures in 1998 were the highest on record at the time.";
        var (c, p) = Embed(claim, passage);
        var cosine = MiniLmEmbedder.Cosine(c, p);
        var signals = StanceClassifier.Detect(claim, passage);
        var modelSaysNeutral = new StanceProbabilities(0.2, 0.1, 0.7);

        var decided = StanceClassifier.Decide(modelSaysNeutral, StanceClassifier.Classify(claim, passage, cosine), signals, cosine, "m");

        Assert.Equal(1, signals.NumbersConflicting);
        Assert.Equal(0, signals.ExactConflicts);
        Assert.Equal(Stance.Neutral, decided.Stance);
        Assert.Equal(0.7, decided.Score);
    }
}
