using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactCheck.Tools;

/// <summary>
/// Claim verification measured on Climate-FEVER through the running API: each claim goes to
/// POST /api/v1/claims/check with its five evidence sentences as pasted sources; the automatic verdict is
/// compared with the claim label and each source's stance with the evidence label.
/// </summary>
public static class VerifyEvalCommand
{
    static readonly Dictionary<string, string> EvidenceLabels = new()
    {
        ["SUPPORTS"] = "supports", ["REFUTES"] = "refutes", ["NOT_ENOUGH_INFO"] = "neutral",
    };

    static readonly Dictionary<string, string> AveritecLabels = new()
    {
        ["Supported"] = "supported", ["Refuted"] = "refuted", ["Not Enough Evidence"] = "not_enough_evidence", ["Conflicting Evidence/Cherrypicking"] = "conflicting",
    };

    static readonly string[] FourClasses = ["supported", "refuted", "not_enough_evidence", "conflicting"];

    /// <summary>
    /// AVeriTeC train (non-commercial: measured, never trained on) through the API: each claim with each of its
    /// question-answer pairs pasted as a source ("Q: … A: …", the answer's explanation appended), as the dataset's
    /// own pairs file flattens them. Reports accuracy and macro-F1 over the four verdicts.
    /// </summary>
    public static async Task<int> RunAveritecAsync(string api, string? apiKey, string dataPath, int limit, int parallelism, string? dumpPath = null, int skip = 0)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(dataPath), System.IO.Compression.CompressionMode.Decompress);
        var rows = JsonDocument.Parse(gz).RootElement.EnumerateArray()
            .Where(r => r.GetProperty("claim").GetString() is { Length: > 0 }).Skip(skip).Take(limit).ToList();
        using var client = ApiClient.Create(api, apiKey, TimeSpan.FromSeconds(90));
        var results = new (string Gold, string Predicted, double Ms, double? Confidence)[rows.Count];
        // --dump: one JSON line per claim (the claim, its gold label and the API's whole answer), for reading errors.
        var dumps = new string[rows.Count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var row = rows[i];
            var sources = row.GetProperty("questions").EnumerateArray().SelectMany(q => q.GetProperty("answers").EnumerateArray().Select(a =>
            {
                var answer = a.GetProperty("answer").GetString() ?? "";
                if (a.TryGetProperty("boolean_explanation", out var why) && why.GetString() is { Length: > 0 } explanation) answer += ". " + explanation;
                return new { content = string.Join(' ', $"Q: {q.GetProperty("question").GetString()} A: {answer}".Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) };
            })).Where(s => s.content.Length <= 20_000).Take(50).ToArray();
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/v1/claims/check?wait=30", new { text = row.GetProperty("claim").GetString(), sources }, ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var claim = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var predicted = claim.ValueKind == JsonValueKind.Object && claim.TryGetProperty("automaticVerdict", out var v) && v.ValueKind == JsonValueKind.Object
                ? v.GetProperty("label").GetString()! : $"none ({(int)response.StatusCode})";
            double? confidence = claim.ValueKind == JsonValueKind.Object && claim.TryGetProperty("automaticVerdict", out var cv) && cv.ValueKind == JsonValueKind.Object
                && cv.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
            results[i] = (AveritecLabels[row.GetProperty("label").GetString()!], predicted, ms, confidence);
            if (dumpPath is not null)
                dumps[i] = JsonSerializer.Serialize(new { index = i, claim = row.GetProperty("claim").GetString(), gold = results[i].Gold, predicted, confidence, response = claim });
        });
        if (dumpPath is not null) await File.WriteAllLinesAsync(dumpPath, dumps);
        var elapsed = watch.Elapsed;
        var inv = CultureInfo.InvariantCulture;
        var gold = results.Select(r => r.Gold).ToList();
        var predictedLabels = results.Select(r => r.Predicted).ToList();
        var f1s = FourClasses.Select(c => F1(gold, predictedLabels, c)).ToList();
        Console.WriteLine(string.Create(inv, $"AVeriTeC train (measured only): {results.Length} claims, {parallelism} requests at a time"));
        Console.WriteLine(string.Create(inv, $"accuracy {results.Count(r => r.Gold == r.Predicted) / (double)results.Length:F4}; macro-F1 over the four verdicts {f1s.Average():F4}"));
        for (var c = 0; c < FourClasses.Length; c++) Console.WriteLine(string.Create(inv, $"  F1 {FourClasses[c]} {f1s[c]:F4}"));
        Console.WriteLine(string.Create(inv, $"majority class (refuted) {results.Count(r => r.Gold == "refuted") / (double)results.Length:F4}"));
        Console.WriteLine(string.Create(inv, $"time per claim: median {Median(results.Select(r => r.Ms)):F0} ms (request to verdict), wall {elapsed.TotalMilliseconds / results.Length:F0} ms"));
        Console.WriteLine("confusion (gold -> predicted):");
        foreach (var g in results.GroupBy(r => r.Gold).OrderBy(g => g.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {g.Key,-20} " + string.Join(", ", g.GroupBy(r => r.Predicted).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Count()}")));
        // Does confidence mean what it says on these claims? Ten bins of the verdict's confidence, each with how often
        // the verdict was right; ECE is the claim-weighted mean gap (not_checkable verdicts and failures left out).
        var scored = results.Where(r => r.Confidence is not null && r.Predicted != "not_checkable").ToList();
        Console.WriteLine(string.Create(inv, $"reliability ({scored.Count} verdicts with a confidence): bin, claims, mean confidence, accuracy"));
        var ece = 0.0;
        foreach (var bin in scored.GroupBy(r => Math.Min(9, (int)(r.Confidence!.Value * 10))).OrderBy(b => b.Key))
        {
            var meanConfidence = bin.Average(r => r.Confidence!.Value);
            var accuracy = bin.Count(r => r.Gold == r.Predicted) / (double)bin.Count();
            ece += bin.Count() / (double)scored.Count * Math.Abs(meanConfidence - accuracy);
            Console.WriteLine(string.Create(inv, $"  {bin.Key / 10.0:F1}-{(bin.Key + 1) / 10.0:F1}  {bin.Count(),4}  {meanConfidence:F3}  {accuracy:F3}"));
        }
        Console.WriteLine(string.Create(inv, $"expected calibration error {ece:F4}"));
        return 0;
    }

    static double F1(List<string> gold, List<string> predicted, string c)
    {
        var tp = gold.Where((g, i) => g == c && predicted[i] == c).Count();
        var fp = gold.Where((g, i) => g != c && predicted[i] == c).Count();
        var fn = gold.Where((g, i) => g == c && predicted[i] != c).Count();
        return tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
    }

    public static async Task<int> RunAsync(string api, string? apiKey, string dataPath, int limit, int parallelism, string? dumpPath = null)
    {
        var dumps = new string[Math.Min(limit, File.ReadLines(dataPath).Count(l => l.Length > 0))];
        var rows = File.ReadLines(dataPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).Take(limit).ToList();
        using var client = ApiClient.Create(api, apiKey, TimeSpan.FromSeconds(90));
        var results = new (string Gold, string Predicted, List<(string Gold, string Predicted)> Evidence, double Ms)[rows.Count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var row = rows[i];
            var evidences = row.GetProperty("evidences").EnumerateArray().ToList();
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/v1/claims/check?wait=30", new
            {
                text = row.GetProperty("claim").GetString(),
                sources = evidences.Select(e => new { content = e.GetProperty("evidence").GetString() }).ToArray(),
            }, ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var claim = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var predicted = claim.TryGetProperty("automaticVerdict", out var v) && v.ValueKind == JsonValueKind.Object ? v.GetProperty("label").GetString()! : "none";
            var stances = claim.TryGetProperty("evidence", out var ev)
                ? ev.EnumerateArray().ToDictionary(e => e.GetProperty("sourceLabel").GetString()!, e => e.GetProperty("stance").GetString()!)
                : [];
            var pairs = evidences.Select((e, j) => (EvidenceLabels[e.GetProperty("evidence_label").GetString()!], stances.GetValueOrDefault($"Source {j + 1}", "neutral"))).ToList();
            results[i] = (ClimateFever.ClaimLabels[row.GetProperty("claim_label").GetString()!], predicted, pairs, ms);
            if (dumpPath is not null)
                dumps[i] = JsonSerializer.Serialize(new { index = i, claim = row.GetProperty("claim").GetString(), gold = results[i].Gold, predicted, response = claim });
        });
        if (dumpPath is not null) await File.WriteAllLinesAsync(dumpPath, dumps);
        var elapsed = watch.Elapsed;

        var accuracy = results.Count(r => r.Gold == r.Predicted) / (double)results.Length;
        var classes = ClimateFever.ScoredClasses;
        var f1s = ClimateFever.F1s(results.Select(r => r.Gold).ToList(), results.Select(r => r.Predicted).ToList());
        var evidencePairs = results.SelectMany(r => r.Evidence).ToList();
        var stanceAccuracy = evidencePairs.Count(p => p.Gold == p.Predicted) / (double)evidencePairs.Count;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"Climate-FEVER: {results.Length} claims, {evidencePairs.Count} evidence sentences, {parallelism} requests at a time"));
        Console.WriteLine(string.Create(inv, $"claim accuracy {accuracy:F4} (DISPUTED counted against 'conflicting'); macro-F1 over supported/refuted/not_enough_evidence {f1s.Average():F4}"));
        for (var c = 0; c < classes.Length; c++) Console.WriteLine(string.Create(inv, $"  F1 {classes[c]} {f1s[c]:F4}"));
        var three = results.Where(r => r.Gold != "conflicting").ToList();
        Console.WriteLine(string.Create(inv, $"claim accuracy over three classes (DISPUTED claims left out) {three.Count(r => r.Gold == r.Predicted) / (double)three.Count:F4}; macro-F1 over four {FourClasses.Select(c => F1(results.Select(r => r.Gold).ToList(), results.Select(r => r.Predicted).ToList(), c)).Average():F4}"));
        Console.WriteLine(string.Create(inv, $"evidence stance accuracy {stanceAccuracy:F4}"));
        Console.WriteLine(string.Create(inv, $"time per claim: median {Median(results.Select(r => r.Ms)):F0} ms (request to verdict), wall {elapsed.TotalMilliseconds / results.Length:F0} ms"));
        Console.WriteLine("confusion (gold -> predicted):");
        foreach (var g in results.GroupBy(r => r.Gold).OrderBy(g => g.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {g.Key,-20} " + string.Join(", ", g.GroupBy(r => r.Predicted).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Count()}")));
        return 0;
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
