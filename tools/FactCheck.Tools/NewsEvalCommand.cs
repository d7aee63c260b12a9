using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactCheck.Tools;

/// <summary>
/// The news development set (../shared/data/verification/news-claims-dev.jsonl, 200 news-style claims with pasted
/// sources) through the running API: each claim to POST /api/v1/claims/check with its sources pasted; the verdict is
/// scored over supported / refuted / no decision, with the precision of each decided label, the AUROC of the
/// confidence and the accuracy of the most confident half, overall and by tag.
/// </summary>
public static class NewsEvalCommand
{
    public static async Task<int> RunAsync(string api, string? apiKey, string dataPath, int parallelism, string? dumpPath)
    {
        var rows = File.ReadLines(dataPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        using var client = ApiClient.Create(api, apiKey, TimeSpan.FromSeconds(90));
        var outcomes = new VerdictOutcome[rows.Count];
        var times = new double[rows.Count];
        var dumps = new string[rows.Count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var row = rows[i];
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/v1/claims/check?wait=30", new
            {
                text = row.GetProperty("claim").GetString(),
                sources = row.GetProperty("sources").EnumerateArray().Select(s => new { content = s.GetString() }).ToArray(),
            }, ct);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var claim = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var verdict = claim.ValueKind == JsonValueKind.Object && claim.TryGetProperty("automaticVerdict", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
            var predicted = verdict.ValueKind == JsonValueKind.Object ? verdict.GetProperty("label").GetString()! : $"none ({(int)response.StatusCode})";
            double? confidence = verdict.ValueKind == JsonValueKind.Object && verdict.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
            outcomes[i] = new VerdictOutcome(row.GetProperty("label").GetString()!, predicted, confidence);
            dumps[i] = JsonSerializer.Serialize(new
            {
                id = row.GetProperty("id").GetString(),
                claim = row.GetProperty("claim").GetString(),
                gold = outcomes[i].Gold,
                tags = row.GetProperty("tags"),
                predicted,
                confidence,
                response = claim,
            });
        });
        var elapsed = watch.Elapsed;
        if (dumpPath is not null) await File.WriteAllLinesAsync(dumpPath, dumps);
        VerdictMetrics.Report("News development set (through the API)", outcomes, Console.Out);
        var inv = CultureInfo.InvariantCulture;
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(inv, $"time per claim: median {sorted[sorted.Count / 2]:F0} ms (request to verdict), wall {elapsed.TotalMilliseconds / rows.Count:F0} ms, {parallelism} at a time"));
        Console.WriteLine("by tag: claims, right (three-way)");
        var tags = rows.Select((r, i) => (Tags: r.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList(), Outcome: outcomes[i])).ToList();
        foreach (var tag in tags.SelectMany(t => t.Tags).Distinct().Order(StringComparer.Ordinal))
        {
            var of = tags.Where(t => t.Tags.Contains(tag)).Select(t => t.Outcome).ToList();
            Console.WriteLine(string.Create(inv, $"  {tag,-14} {of.Count,4}  {of.Count(o => o.RightThreeWay) / (double)of.Count:F3}"));
        }
        return 0;
    }
}
