using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence;
using FactCheck.Analysis.Evidence.Pipeline;
using FactCheck.Analysis.Evidence.Rules;

namespace FactCheck.Tools;

/// <summary>
/// The verdict pipeline run directly on the development sets (no API, no database): the same ranking, reading, alignment,
/// rules and policy the service runs, with the model's readings cached so that the rules can be measured one by one
/// (`--ablate`) and the policy's thresholds chosen by cross-validation (`--choose`, `--write`).
/// <code>
/// verify pipeline [--sets news,climate,averitec] [--averitec-skip 1000] [--averitec-limit 500] [--without RULE,RULE]
///                 [--ablate] [--choose [--objective precision|accuracy] [--shared-confidence] [--grid-from X] [--write FILE]] [--model FILE --manifest FILE] [--policy FILE] [--dump FILE]
///                 [--fold-models DIR]   (news claims read by DIR/fold-K/model, trained without their fold: finetune_news.py)
/// </code>
/// </summary>
public static class PipelineCommand
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public sealed record Case(string Set, string Id, string Claim, string Gold, List<string> Sources, string[] Tags, string FoldKey);

    /// <summary>Contrast pairs of the news set that share their source text: kept in one fold (its README).</summary>
    static readonly string[][] NewsPairs =
    [
        ["nd-135", "nd-193"], ["nd-097", "nd-159"], ["nd-086", "nd-094"], ["nd-080", "nd-185"], ["nd-100", "nd-127"], ["nd-051", "nd-120"],
        ["nd-028", "nd-143"], ["nd-022", "nd-058"], ["nd-002", "nd-039"], ["nd-025", "nd-144"], ["nd-029", "nd-088"],
    ];

    public static int Run(Dictionary<string, string> options, string shared)
    {
        if (options.GetValueOrDefault("grid-from") is { } text && double.Parse(text, Inv) is var from)
            Grid = [.. Enumerable.Range(0, 1 + (int)Math.Round((0.95 - from) / 0.05)).Select(i => from + 0.05 * i)];
        var sets = (options.GetValueOrDefault("sets") ?? "news,climate").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var cases = new List<Case>();
        var data = Path.Combine(shared, "..");
        foreach (var set in sets)
            cases.AddRange(set switch
            {
                "news" => News(Path.Combine(data, "verification", "news-claims-dev.jsonl")),
                "climate" => Climate(Path.Combine(data, "verification", "climate-fever-dev.jsonl")),
                "averitec" => Averitec(Path.Combine(data, "nli", "averitec-train.json.gz"),
                    int.Parse(options.GetValueOrDefault("averitec-skip") ?? "1000", Inv), int.Parse(options.GetValueOrDefault("averitec-limit") ?? "100000", Inv)),
                _ => throw new ArgumentException($"unknown set {set}: news, climate or averitec"),
            });
        using var model = options.GetValueOrDefault("model") is { } path
            ? FactCheck.Analysis.Evidence.CrossEncoder.Load(path, options.GetValueOrDefault("manifest") ?? throw new ArgumentException("--model needs --manifest"))
            : FactCheck.Analysis.Evidence.CrossEncoder.LoadEmbedded() ?? throw new InvalidOperationException("no cross-encoder embedded");
        using var embedder = new OnnxSentenceEmbedder();
        IStanceReader inner = new CrossEncoderReader(model, 2);
        var foldModels = new List<FactCheck.Analysis.Evidence.CrossEncoder>();
        if (options.GetValueOrDefault("fold-models") is { } foldDir)
        {
            // News claims read by the model of their fold (tools/crossencoder/finetune_news.py cv: trained on the other
            // four folds of this tool's own fold split), the other sets by --model: readings no model trained on.
            var byClaim = new Dictionary<string, IStanceReader>(StringComparer.Ordinal);
            for (var k = 0; k < 5; k++)
            {
                var dir = Path.Combine(foldDir, $"fold-{k}", "model");
                var foldModel = FactCheck.Analysis.Evidence.CrossEncoder.Load(Path.Combine(dir, "crossencoder.onnx"), Path.Combine(dir, "crossencoder.json"));
                foldModels.Add(foldModel);
                var foldReader = new CrossEncoderReader(foldModel, 2);
                foreach (var c in cases.Where(c => c.Set == "news" && FoldOf(c) == k)) byClaim[CitationMarkers.Strip(c.Claim)] = foldReader;
            }
            inner = new FoldReader(inner, byClaim);
            Console.WriteLine($"news claims read by their folds' models ({string.Join(", ", foldModels.Select(m => m.Version))})");
        }
        var reader = new CachingReader(inner);
        var vectors = new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal);
        float[][] Embed(IReadOnlyList<string> texts)
        {
            var missing = texts.Where(t => !vectors.ContainsKey(t)).Distinct().ToList();
            if (missing.Count > 0)
                foreach (var (t, v) in missing.Zip(embedder.Embed(missing))) vectors[t] = v;
            return [.. texts.Select(t => vectors[t])];
        }
        var policy = options.GetValueOrDefault("policy") is { } policyPath ? PolicySettings.FromJson(File.ReadAllText(policyPath)) : PolicySettings.LoadEmbedded();
        var without = (options.GetValueOrDefault("without") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var rules = StanceRules.Without(without);
        Console.WriteLine($"model {model.Version}; {cases.Count} claims ({string.Join(", ", cases.GroupBy(c => c.Set).Select(g => $"{g.Key} {g.Count()}"))}); rules: {string.Join(", ", rules.Select(r => r.Name))}; policy {policy.Tag}");

        var started = DateTime.UtcNow;
        var decisions = Decide(cases, rules, reader, Embed, policy);
        Console.WriteLine(string.Create(Inv, $"read {reader.Count} pairs in {(DateTime.UtcNow - started).TotalSeconds:F0} s"));
        Report(cases, decisions, Console.Out);
        if (options.GetValueOrDefault("dump") is { } dump)
        {
            // One line per claim: gold, verdict, rationale and each source's reading (model, rule, items), for error analysis.
            using var writer = new StreamWriter(dump);
            for (var i = 0; i < cases.Count; i++)
                writer.WriteLine(JsonSerializer.Serialize(new
                {
                    set = cases[i].Set, id = cases[i].Id, claim = cases[i].Claim, gold = cases[i].Gold, tags = cases[i].Tags,
                    verdict = Label(decisions[i].Verdict.Label), decisions[i].Verdict.Confidence, decisions[i].Verdict.Rationale,
                    readings = decisions[i].Readings.Select(r => new
                    {
                        r.Source, passage = r.Passage.Text, stance = r.Stance.Stance.ToString(), model = new[] { r.Model.Supports, r.Model.Refutes, r.Model.Neutral },
                        r.Rule, r.Reason,
                    }),
                }));
            Console.WriteLine($"per-claim readings written to {dump}");
        }

        if (options.ContainsKey("ablate"))
        {
            Console.WriteLine("\nRules, each left out (change of three-way accuracy per set when the rule is removed; negative: the rule helps):");
            var baseline = Scores(cases, decisions);
            foreach (var rule in rules)
            {
                var ablated = Decide(cases, [.. rules.Where(r => r != rule)], reader, Embed, policy);
                var scores = Scores(cases, ablated);
                int Changed(string set) => cases.Where((c, i) => c.Set == set && decisions[i].Verdict.Label != ablated[i].Verdict.Label).Count();
                Console.WriteLine($"  {rule.Name,-24} " + string.Join("  ", scores.Select(s => string.Create(Inv,
                    $"{s.Key} {s.Value - baseline[s.Key]:+0.0000;-0.0000;0.0000} ({Changed(s.Key)} changed)"))));
            }
        }
        if (options.ContainsKey("choose"))
        {
            // precision (default): the news set's precision targets weigh in; accuracy: three-way accuracy alone.
            // "precision:W" sets the weight of the penalty (default 2).
            var objective = options.GetValueOrDefault("objective") ?? "precision";
            PerVerdictConfidence = !options.ContainsKey("shared-confidence");
            PrecisionWeight = objective == "accuracy" ? 0
                : objective.StartsWith("precision:", StringComparison.Ordinal) ? double.Parse(objective["precision:".Length..], Inv) : 2;
            Choose(cases, decisions, model.Version, options.GetValueOrDefault("write"));
        }
        foreach (var foldModel in foldModels) foldModel.Dispose();
        return 0;
    }

    static ClaimDecision[] Decide(List<Case> cases, IReadOnlyList<IStanceRule> rules, IStanceReader reader, Func<IReadOnlyList<string>, float[][]> embed, PolicySettings policy)
    {
        var pipeline = new VerdictPipeline(reader, embed, policy, rules);
        var result = new ClaimDecision[cases.Count];
        // In batches of claims, as the service verifies an article's claims together.
        const int Batch = 32;
        for (var start = 0; start < cases.Count; start += Batch)
        {
            var batch = cases.Skip(start).Take(Batch).ToList();
            var decided = pipeline.Decide([.. batch.Select(c => new PipelineClaim(c.Claim, Checkability.Checkable,
                [.. c.Sources.Select((s, i) => new PipelineSource($"Source {i + 1}", s, []))]))]);
            for (var i = 0; i < decided.Count; i++) result[start + i] = decided[i];
        }
        return result;
    }

    static string Label(VerdictLabel label) => JsonNamingPolicy.SnakeCaseLower.ConvertName(label.ToString());

    static Dictionary<string, double> Scores(List<Case> cases, ClaimDecision[] decisions) =>
        cases.Select((c, i) => (c, d: decisions[i])).GroupBy(x => x.c.Set)
            .ToDictionary(g => g.Key, g => g.Count(x => new VerdictOutcome(x.c.Gold, Label(x.d.Verdict.Label), null).RightThreeWay) / (double)g.Count());

    static void Report(List<Case> cases, ClaimDecision[] decisions, TextWriter output)
    {
        foreach (var set in cases.Select((c, i) => (c, i)).GroupBy(x => x.c.Set))
        {
            var outcomes = set.Select(x => new VerdictOutcome(x.c.Gold, Label(decisions[x.i].Verdict.Label), decisions[x.i].Verdict.Confidence)).ToList();
            output.WriteLine();
            VerdictMetrics.Report($"{set.Key} (pipeline, no API)", outcomes, output);
            if (set.Key == "news")
            {
                output.WriteLine("by tag: claims, right (three-way)");
                foreach (var tag in set.SelectMany(x => x.c.Tags).Distinct().Order(StringComparer.Ordinal))
                {
                    var of = set.Where(x => x.c.Tags.Contains(tag)).Select(x => new VerdictOutcome(x.c.Gold, Label(decisions[x.i].Verdict.Label), null)).ToList();
                    output.WriteLine(string.Create(Inv, $"  {tag,-14} {of.Count,4}  {of.Count(o => o.RightThreeWay) / (double)of.Count:F3}"));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- thresholds by CV
    /// <summary>Thresholds tried: from 0.5 up (a side below an even chance is a lean, never a verdict) to 0.95; --grid-from
    /// lowers the start (measurement only).</summary>
    static double[] Grid = [.. Enumerable.Range(0, 10).Select(i => 0.5 + 0.05 * i)];

    /// <summary>How much a shortfall from the news set's precision targets costs in the objective (0: accuracy alone).</summary>
    static double PrecisionWeight = 2;

    /// <summary>
    /// The policy's thresholds chosen by five-fold cross-validation over the news and Climate-FEVER claims (news contrast
    /// pairs in one fold): on each fold's training claims, the grid point with the best objective (three-way accuracy on
    /// news with the precision targets as penalties, plus Climate-FEVER accuracy); its verdicts on the held-out fold make
    /// the out-of-fold figures. The confidence map (a logistic fit of "right" on the raw confidence) is fitted the same way.
    /// Then both on all claims, written to FILE with the figures.
    /// </summary>
    static void Choose(List<Case> cases, ClaimDecision[] decisions, string modelVersion, string? write)
    {
        var inputs = decisions.Select(d => d.Readings.Select(r => new PolicyInput($"Source {r.Source + 1}", r.Stance.Probabilities!.Value, null)).ToList()).ToList();
        var fold = cases.Select(FoldOf).ToArray();
        var oof = new AggregateVerdict[cases.Count];
        var chosen = new List<PolicySettings>();
        for (var f = 0; f < 5; f++)
        {
            var train = Enumerable.Range(0, cases.Count).Where(i => fold[i] != f).ToList();
            var settings = Best(cases, inputs, train);
            settings = Calibrate(cases, inputs, train, settings);
            chosen.Add(settings);
            foreach (var i in Enumerable.Range(0, cases.Count).Where(i => fold[i] == f))
                oof[i] = VerdictPolicy.Decide(inputs[i], 0, Checkability.Checkable, settings);
        }
        Console.WriteLine("\nOut of fold (thresholds and confidence map chosen on the other four folds):");
        Console.WriteLine("  chosen per fold: " + string.Join("; ", chosen.Select(s => string.Create(Inv, $"{s.Tag} slope {s.Slope:F2} intercept {s.Intercept:F2}"))));
        var figures = new Dictionary<string, object>();
        foreach (var set in cases.Select((c, i) => (c, i)).GroupBy(x => x.c.Set))
        {
            var outcomes = set.Select(x => new VerdictOutcome(x.c.Gold, Label(oof[x.i].Label), oof[x.i].Confidence)).ToList();
            var writer = new StringWriter();
            var accuracy = VerdictMetrics.Report($"{set.Key} out of fold", outcomes, writer);
            Console.Write(writer.ToString());
            figures[set.Key] = new
            {
                claims = outcomes.Count,
                accuracyThreeWay = Math.Round(accuracy, 4),
                accuracyFourLabels = Math.Round(outcomes.Count(o => o.Gold == o.Predicted) / (double)outcomes.Count, 4),
                precisionSupported = Finite(VerdictMetrics.Precision(outcomes, "supported")),
                precisionRefuted = Finite(VerdictMetrics.Precision(outcomes, "refuted")),
                aurocRight = Finite(VerdictMetrics.Auroc([.. outcomes.Select(o => (o.Confidence ?? 0, o.RightThreeWay))])),
                accuracyMostConfidentHalf = Finite(VerdictMetrics.AccuracyAtCoverage(outcomes, 0.5)),
            };
        }
        var all = Enumerable.Range(0, cases.Count).ToList();
        var final = Calibrate(cases, inputs, all, Best(cases, inputs, all));
        Console.WriteLine(string.Create(Inv, $"chosen on all claims: {final.Tag}, lean {final.Lean:F2}, confidence slope {final.Slope:F3} intercept {final.Intercept:F3}")
            + string.Concat((final.Maps ?? new Dictionary<string, ConfidenceMap>()).Select(m => string.Create(Inv, $"; {m.Key}: slope {m.Value.Slope:F3} intercept {m.Value.Intercept:F3}"))));
        if (write is null) return;
        var provenance = JsonSerializer.SerializeToElement(new
        {
            command = "dotnet run --project tools/FactCheck.Tools -c Release -- verify pipeline " + string.Join(" ", Environment.GetCommandLineArgs().SkipWhile(a => a != "pipeline").Skip(1)),
            objective = PrecisionWeight > 0 ? string.Create(Inv, $"three-way accuracy per set, shortfalls from the news precision targets (supported 0.85, refuted 0.80) as penalties of weight {PrecisionWeight}") : "three-way accuracy per set",
            confidence = PerVerdictConfidence
                ? $"a logistic map of the raw confidence per verdict with {RowsPerMap} training verdicts or more (right and wrong among them), the shared map for the others; each set weighs the same; a negative slope is flattened"
                : "one logistic map of the raw confidence for every verdict; each set weighs the same",
            chosenOn = "five folds over the claims of " + string.Join(", ", cases.GroupBy(c => c.Set).Select(g => $"{g.Key} ({g.Count()})")) + "; news contrast pairs in one fold",
            rules = StanceRules.All.Select(r => r.Name).ToArray(),
            outOfFold = figures,
        });
        File.WriteAllText(write, (final with { Model = modelVersion, Provenance = provenance }).ToJson() + "\n");
        Console.WriteLine($"wrote {write}");
    }

    /// <summary>A figure for JSON: rounded, or null where it is undefined (a precision of no verdicts).</summary>
    static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;

    static PolicySettings Best(List<Case> cases, List<List<PolicyInput>> inputs, List<int> train)
    {
        PolicySettings? best = null;
        var bestScore = double.MinValue;
        foreach (var s in Grid)
            foreach (var r in Grid)
            {
                var settings = new PolicySettings(s, r);
                var score = Objective(cases, train, train.Select(i => Label(VerdictPolicy.Decide(inputs[i], 0, Checkability.Checkable, settings).Label)).ToList());
                if (score > bestScore) (best, bestScore) = (settings, score);
            }
        return best!;
    }

    /// <summary>Three-way accuracy on each set, the news set's precision targets (supported 0.85, refuted 0.80) as penalties.</summary>
    static double Objective(List<Case> cases, List<int> which, List<string> predicted)
    {
        var outcomes = which.Select((i, k) => (Set: cases[i].Set, Outcome: new VerdictOutcome(cases[i].Gold, predicted[k], null))).ToList();
        var score = 0.0;
        foreach (var set in outcomes.GroupBy(o => o.Set))
        {
            var list = set.Select(o => o.Outcome).ToList();
            score += list.Count(o => o.RightThreeWay) / (double)list.Count;
            if (set.Key == "news")
            {
                var ps = VerdictMetrics.Precision(list, "supported");
                var pr = VerdictMetrics.Precision(list, "refuted");
                score += PrecisionWeight * (Math.Min(0, (double.IsNaN(ps) ? 1 : ps) - 0.85) + Math.Min(0, (double.IsNaN(pr) ? 1 : pr) - 0.80));
            }
        }
        return score;
    }

    /// <summary>Whether each verdict gets its own confidence map (default) or all share one (--shared-confidence).</summary>
    static bool PerVerdictConfidence = true;

    /// <summary>A verdict gets its own map only with this many training verdicts, right and wrong ones among them.</summary>
    const int RowsPerMap = 40;

    /// <summary>
    /// The confidence maps: logistic regressions of "right" on the logit of the raw confidence (Newton steps), one shared
    /// and one per verdict that has enough training verdicts (a refutation and a support of the same strength are not
    /// right equally often). Each set weighs the same, so the largest does not set the map alone.
    /// </summary>
    static PolicySettings Calibrate(List<Case> cases, List<List<PolicyInput>> inputs, List<int> train, PolicySettings settings)
    {
        var identity = settings with { Slope = 1, Intercept = 0, Maps = null };
        var perSet = train.GroupBy(i => cases[i].Set).ToDictionary(g => g.Key, g => g.Count());
        var rows = train.Select(i =>
        {
            var v = VerdictPolicy.Decide(inputs[i], 0, Checkability.Checkable, identity);
            var p = Math.Clamp(v.Confidence, 1e-3, 1 - 1e-3);
            var right = new VerdictOutcome(cases[i].Gold, Label(v.Label), null).RightThreeWay ? 1.0 : 0.0;
            return (v.Label, Row: (X: Math.Log(p / (1 - p)), Y: right, W: train.Count / (double)(perSet.Count * perSet[cases[i].Set])));
        }).ToList();
        var shared = ConfidenceMap.Fit([.. rows.Select(r => r.Row)]);
        var maps = !PerVerdictConfidence ? null : rows.GroupBy(r => r.Label)
            .Where(g => g.Count() >= RowsPerMap && g.Count(r => r.Row.Y > 0) >= 5 && g.Count(r => r.Row.Y == 0) >= 5)
            .ToDictionary(g => ConfidenceMap.Key(g.Key), g => ConfidenceMap.Fit([.. g.Select(r => r.Row)]));
        return settings with { Slope = shared.Slope, Intercept = shared.Intercept, Maps = maps };
    }

    static int FoldOf(Case c) => (int)((uint)StableHash(c.FoldKey) % 5);

    static int StableHash(string text)
    {
        var hash = 17;
        foreach (var ch in text) hash = unchecked(hash * 31 + ch);
        return hash;
    }

    // ------------------------------------------------------------------------------------------------- the sets
    static IEnumerable<Case> News(string path)
    {
        var pairOf = NewsPairs.SelectMany(p => p.Select(id => (id, key: p[0]))).ToDictionary(x => x.id, x => x.key);
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            var r = JsonDocument.Parse(line).RootElement;
            var id = r.GetProperty("id").GetString()!;
            yield return new Case("news", id, r.GetProperty("claim").GetString()!, r.GetProperty("label").GetString()!,
                [.. r.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!)], [.. r.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)],
                pairOf.GetValueOrDefault(id, id));
        }
    }

    static IEnumerable<Case> Climate(string path)
    {
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            var r = JsonDocument.Parse(line).RootElement;
            var id = "cf-" + r.GetProperty("claim_id").ToString();
            yield return new Case("climate", id, r.GetProperty("claim").GetString()!, ClimateFever.ClaimLabels[r.GetProperty("claim_label").GetString()!],
                [.. r.GetProperty("evidences").EnumerateArray().Select(e => e.GetProperty("evidence").GetString()!)], [], id);
        }
    }

    static IEnumerable<Case> Averitec(string path, int skip, int limit)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        var labels = new Dictionary<string, string>
        {
            ["Supported"] = "supported", ["Refuted"] = "refuted", ["Not Enough Evidence"] = "not_enough_evidence", ["Conflicting Evidence/Cherrypicking"] = "conflicting",
        };
        var rows = JsonDocument.Parse(gz).RootElement.EnumerateArray().Where(r => r.GetProperty("claim").GetString() is { Length: > 0 }).Skip(skip).Take(limit).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var sources = row.GetProperty("questions").EnumerateArray().SelectMany(q => q.GetProperty("answers").EnumerateArray().Select(a =>
            {
                var answer = a.GetProperty("answer").GetString() ?? "";
                if (a.TryGetProperty("boolean_explanation", out var why) && why.GetString() is { Length: > 0 } explanation) answer += ". " + explanation;
                return string.Join(' ', $"Q: {q.GetProperty("question").GetString()} A: {answer}".Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            })).Where(s => s.Length <= 20_000).Take(50).ToList();
            yield return new Case("averitec", $"av-{skip + i}", row.GetProperty("claim").GetString()!, labels[row.GetProperty("label").GetString()!], sources, [], $"av-{skip + i}");
        }
    }

    /// <summary>Each pair read by the reader its claim is assigned to (a fold's model), the rest by the main one.</summary>
    sealed class FoldReader(IStanceReader main, IReadOnlyDictionary<string, IStanceReader> byClaim) : IStanceReader
    {
        public string Version => main.Version + "+news-folds";

        public string Kind => main.Kind;

        public int PassagesPerSource => main.PassagesPerSource;

        public StanceProbabilities[] Read(IReadOnlyList<PairToRead> pairs, CancellationToken cancellationToken)
        {
            var result = new StanceProbabilities[pairs.Count];
            foreach (var group in pairs.Select((p, i) => (p, i)).GroupBy(x => byClaim.GetValueOrDefault(x.p.Claim) ?? main))
                foreach (var (x, r) in group.Zip(group.Key.Read([.. group.Select(x => x.p)], cancellationToken))) result[x.i] = r;
            return result;
        }
    }

    /// <summary>The reader with its readings kept: rules and thresholds are measured many times over the same pairs.</summary>
    sealed class CachingReader(IStanceReader inner) : IStanceReader
    {
        readonly ConcurrentDictionary<(string, string), StanceProbabilities> cache = new();

        public int Count => cache.Count;

        public string Version => inner.Version;

        public string Kind => inner.Kind;

        public int PassagesPerSource => inner.PassagesPerSource;

        public StanceProbabilities[] Read(IReadOnlyList<PairToRead> pairs, CancellationToken cancellationToken)
        {
            var missing = pairs.Where(p => !cache.ContainsKey((p.Claim, p.Passage))).DistinctBy(p => (p.Claim, p.Passage)).ToList();
            if (missing.Count > 0)
                foreach (var (p, r) in missing.Zip(inner.Read(missing, cancellationToken))) cache[(p.Claim, p.Passage)] = r;
            return [.. pairs.Select(p => cache[(p.Claim, p.Passage)])];
        }
    }
}
