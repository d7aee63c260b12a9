using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FactCheck.Tools.CrossEncoder;

/// <summary>
/// A candidate cross-encoder (from files: a retrain or the int8 rewrite of <c>tools/crossencoder/quantize.py</c>) against
/// the embedded one, through C# and ONNX Runtime exactly as the service runs them: on Climate-FEVER's evidence
/// sentences, how often the two agree on the stance, how far their probabilities move, each one's stance accuracy
/// against the annotators (in-sample for the shipped weights, which trained on every row), and pairs per second on
/// one and on two threads.
/// </summary>
public static class CompareCommand
{
    public static int Run(string modelPath, string manifestPath, string dataPath, int limit)
    {
        var labels = new Dictionary<string, int> { ["SUPPORTS"] = 0, ["REFUTES"] = 1, ["NOT_ENOUGH_INFO"] = 2 };
        var pairs = new List<(string Claim, string Passage)>();
        var gold = new List<int>();
        foreach (var line in File.ReadLines(dataPath).Where(l => l.Length > 0))
        {
            var row = JsonDocument.Parse(line).RootElement;
            foreach (var e in row.GetProperty("evidences").EnumerateArray())
            {
                pairs.Add((row.GetProperty("claim").GetString()!, e.GetProperty("evidence").GetString()!));
                gold.Add(labels[e.GetProperty("evidence_label").GetString()!]);
            }
        }
        if (limit > 0 && pairs.Count > limit) { pairs = pairs[..limit]; gold = gold[..limit]; }

        var results = new List<(string Name, float[][] Logits, Analysis.Evidence.CrossEncoder Model)>();
        foreach (var (name, load) in new (string, Func<int, Analysis.Evidence.CrossEncoder>)[]
        {
            ("embedded", t => Analysis.Evidence.CrossEncoder.LoadEmbedded(t) ?? throw new InvalidOperationException("no cross-encoder embedded")),
            ("candidate", t => Analysis.Evidence.CrossEncoder.Load(modelPath, manifestPath, t)),
        })
        {
            foreach (var threads in new[] { 1, 2 })
            {
                using var model = load(threads);
                model.Logits(pairs[..64]);
                var watch = Stopwatch.StartNew();
                var logits = model.Logits(pairs);
                var perSecond = pairs.Count / watch.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} ({model.Version}), {threads} thread(s): {pairs.Count} pairs in {watch.Elapsed.TotalSeconds:F1} s, {perSecond:F1} pairs/s"));
                if (threads == 1) results.Add((name, logits, load(1)));
            }
        }
        var probabilities = results.Select(r => r.Logits.Select(l => r.Model.ToProbabilities(l)).ToArray()).ToArray();
        static int Argmax(Analysis.Evidence.StanceProbabilities p) => p.Supports >= p.Refutes && p.Supports >= p.Neutral ? 0 : p.Refutes >= p.Neutral ? 1 : 2;
        for (var m = 0; m < results.Count; m++)
        {
            var accuracy = probabilities[m].Where((p, i) => Argmax(p) == gold[i]).Count() / (double)gold.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{results[m].Name}: stance accuracy {accuracy:F4} on {gold.Count} Climate-FEVER evidence sentences"));
        }
        var agree = probabilities[0].Where((p, i) => Argmax(p) == Argmax(probabilities[1][i])).Count() / (double)gold.Count;
        var shifts = probabilities[0].Select((p, i) => new[] { Math.Abs(p.Supports - probabilities[1][i].Supports), Math.Abs(p.Refutes - probabilities[1][i].Refutes), Math.Abs(p.Neutral - probabilities[1][i].Neutral) }.Max()).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agreement on the stance {agree:F4}; largest probability shift per pair: median {shifts[shifts.Length / 2]:F4}, p99 {shifts[(int)(shifts.Length * 0.99)]:F4}, max {shifts[^1]:F4}"));
        foreach (var r in results) r.Model.Dispose();
        return 0;
    }
}
