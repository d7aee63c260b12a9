using System.Globalization;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Embeddings;

namespace FactCheck.Tools;

/// <summary>
/// Trains and evaluates the check-worthiness model on CLEF 2019 CheckThat! Task 1 (19 debates and
/// speeches). Evaluation is leave-one-file-out: each debate is ranked by a model trained on the other 18.
/// </summary>
public static class CheckWorthinessCommands
{
    public sealed record Row(string File, string Sentence, bool Label);

    public static List<Row> Load(string dataDir)
    {
        var rows = new List<Row>();
        foreach (var file in Directory.GetFiles(dataDir, "*.tsv").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split('\t');
                if (parts.Length < 4) continue;
                rows.Add(new Row(Path.GetFileNameWithoutExtension(file), parts[2], parts[3].Trim() == "1"));
            }
        }
        return rows;
    }

    public static Dictionary<string, double> Evaluate(List<Row> rows, float[][] embeddings, FeatureGroups groups, LogisticModel.TrainingOptions options, bool verbose,
        Dictionary<string, List<double>>? outOfFold = null)
    {
        var features = rows.Select((r, i) => CheckWorthinessFeatures.Build(r.Sentence, embeddings[i], groups)).ToArray();
        var files = rows.Select(r => r.File).Distinct().ToList();
        var positiveScores = new List<double>();
        var allScores = new List<double>();
        var aps = new List<double>();
        var rps = new List<double>();
        var p10 = new List<double>();
        foreach (var heldOut in files)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => rows[i].File != heldOut).ToList();
            var test = Enumerable.Range(0, rows.Count).Where(i => rows[i].File == heldOut).ToList();
            var model = LogisticModel.Train(train.Select(i => features[i]).ToList(), train.Select(i => rows[i].Label).ToList(),
                CheckWorthinessFeatures.Dimensions, options);
            var scored = test.Select(i => (Score: model.Predict(features[i]), rows[i].Label)).ToList();
            if (outOfFold is not null) outOfFold[heldOut] = [.. scored.Select(x => x.Score)];
            positiveScores.AddRange(scored.Where(x => x.Label).Select(x => x.Score));
            allScores.AddRange(scored.Select(x => x.Score));
            var ranked = scored.OrderByDescending(x => x.Score).Select(x => x.Label).ToList();
            aps.Add(Ranking.AveragePrecision(ranked));
            rps.Add(Ranking.RPrecision(ranked));
            p10.Add(Ranking.PrecisionAt(ranked, 10));
            if (verbose)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {heldOut,-28} n={test.Count,5} pos={ranked.Count(l => l),3}  AP={aps[^1]:F3}  R-P={rps[^1]:F3}  P@10={p10[^1]:F2}"));
        }
        if (verbose)
        {
            // How the claim threshold trades recall of check-worthy sentences against how much is flagged.
            foreach (var threshold in new[] { 0.2, 0.3, 0.4, 0.5, 0.6 })
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  threshold {threshold:F1}: keeps {positiveScores.Count(s => s >= threshold) / (double)positiveScores.Count:P0} of check-worthy sentences, flags {allScores.Count(s => s >= threshold) / (double)allScores.Count:P0} of all"));
        }
        return new Dictionary<string, double>
        {
            ["map"] = Math.Round(aps.Average(), 4),
            ["rPrecision"] = Math.Round(rps.Average(), 4),
            ["precisionAt10"] = Math.Round(p10.Average(), 4),
        };
    }

    /// <param name="dump">eval: write the shipped configuration's out-of-fold scores here ({debate: [score per sentence]}),
    /// the baseline tools/checkworthiness/train_cw.py compares the learned ranking with, fold by fold.</param>
    public static int Run(string verb, string dataDir, string cacheDir, string? output, string? dump = null)
    {
        var rows = Load(dataDir);
        Console.WriteLine($"CLEF 2019 CheckThat! Task 1: {rows.Count} sentences in {rows.Select(r => r.File).Distinct().Count()} files, {rows.Count(r => r.Label)} check-worthy");
        using var embedder = new MiniLmEmbedder();
        var cache = new EmbeddingCache(Path.Combine(cacheDir, "clef2019-minilm.bin"), embedder);
        var embeddings = cache.Get(rows.Select(r => r.Sentence).ToList());
        var options = CheckWorthinessModel.Training;

        if (verb == "eval")
        {
            Console.WriteLine("Leave-one-file-out (each debate ranked by a model trained on the other 18):");
            foreach (var groups in new[] { FeatureGroups.Cues, FeatureGroups.Ngrams, FeatureGroups.Cues | FeatureGroups.Ngrams,
                         FeatureGroups.Embedding, FeatureGroups.Embedding | FeatureGroups.Cues, FeatureGroups.All })
            {
                var shipped = groups == CheckWorthinessModel.Features;
                var outOfFold = shipped && dump is not null ? new Dictionary<string, List<double>>() : null;
                var m = Evaluate(rows, embeddings, groups, options, verbose: shipped, outOfFold);
                if (outOfFold is not null) File.WriteAllText(dump!, System.Text.Json.JsonSerializer.Serialize(outOfFold));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{groups,-28} MAP={m["map"]:F4}  R-precision={m["rPrecision"]:F4}  P@10={m["precisionAt10"]:F4}{(groups == CheckWorthinessModel.Features ? "   <- shipped" : "")}"));
            }
            return 0;
        }

        // train: evaluate the shipped configuration, then fit it on all 19 files and write the model.
        var metrics = Evaluate(rows, embeddings, CheckWorthinessModel.Features, options, verbose: true);
        var features = rows.Select((r, i) => CheckWorthinessFeatures.Build(r.Sentence, embeddings[i], CheckWorthinessModel.Features)).ToList();
        var model = LogisticModel.Train(features, rows.Select(r => r.Label).ToList(), CheckWorthinessFeatures.Dimensions, options);
        var stored = model.ToStored("checkworthiness", CheckWorthinessModel.FeaturesVersion,
            "Logistic regression trained by `dotnet run --project tools/FactCheck.Tools -- checkworthiness train` on CLEF 2019 CheckThat! " +
            "Task 1 training data (telsayed/clef2019-factchecking-task1, data/training, 19 files, 16,421 sentences; free for general research use). " +
            "Metrics: leave-one-file-out over those files.",
            CheckWorthinessModel.Features, metrics);
        var path = output ?? Path.Combine("src", "FactCheck.Analysis", "Claims", "Models", "checkworthiness.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(stored, LogisticModel.Json));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MAP={metrics["map"]:F4} R-precision={metrics["rPrecision"]:F4} P@10={metrics["precisionAt10"]:F4}; model written to {path}"));
        return 0;
    }

    /// <summary>
    /// How many of the claims fact-checkers chose to check (news-claims-dev, Climate-FEVER, AVeriTeC train) each model
    /// would flag at the service's threshold, each claim scored as a text on its own (its best sentence): the learned
    /// model was trained on debates only, so this is what it does on the service's kinds of text, beside the rules-only
    /// path. AVeriTeC is only measured here.
    /// </summary>
    public static int Claims(string shared, int limit)
    {
        var sets = new List<(string Name, List<string> Claims)>
        {
            ("news-claims-dev", [.. File.ReadLines(Path.Combine(shared, "verification", "news-claims-dev.jsonl")).Where(l => l.Length > 0)
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("claim").GetString()!)]),
            ("climate-fever-dev", [.. File.ReadLines(Path.Combine(shared, "verification", "climate-fever-dev.jsonl")).Where(l => l.Length > 0)
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("claim").GetString()!).Take(limit)]),
        };
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(shared, "nli", "averitec-train.json.gz")), System.IO.Compression.CompressionMode.Decompress))
            sets.Add(("averitec-train", [.. System.Text.Json.JsonDocument.Parse(gz).RootElement.EnumerateArray().Select(e => e.GetProperty("claim").GetString()!).Take(limit)]));
        using var learnedModel = CheckWorthinessModel.LoadEmbedded();
        using var featuresModel = CheckWorthinessModel.LoadEmbedded(featuresOnly: true);
        var threshold = ClaimExtractionOptions.Default.Threshold;
        Console.WriteLine($"share of fact-checked claims flagged (the default threshold is {threshold}; each claim on its own, its best sentence)");
        foreach (var (name, claims) in sets)
        {
            foreach (var (label, model) in new[] { ($"learned {learnedModel.Version}", learnedModel), ($"rules only {featuresModel.Version}", featuresModel) })
            {
                var extractor = new ClaimExtractor(model);
                var best = claims.Select(c => extractor.Score(c).Select(s => s.Score).DefaultIfEmpty(0).Max()).ToList();
                var flagged = string.Join("  ", new[] { 0.3, 0.4, 0.5 }.Select(t => string.Create(CultureInfo.InvariantCulture, $"at {t:F1} {best.Count(s => s >= t) / (double)best.Count:P1}")));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-18} n={claims.Count,5}  {label,-34} flagged {flagged}  mean score {best.Average():F3}"));
            }
        }
        return 0;
    }
}
