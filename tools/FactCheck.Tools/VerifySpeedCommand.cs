using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FactCheck.Tools;

/// <summary>
/// Request-to-verdict time of a 1,000-word article with three pasted sources, through the running API: the article is
/// Climate-FEVER claims written as paragraphs (about 1,000 words, each run a different slice so nothing is cached),
/// its three sources the evidence sentences of those claims; timed from the POST to status <c>verified</c>.
/// </summary>
public static class VerifySpeedCommand
{
    public static async Task<int> RunAsync(string api, string? apiKey, string dataPath, int runs)
    {
        var rows = File.ReadLines(dataPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        using var client = ApiClient.Create(api, apiKey, TimeSpan.FromSeconds(120));
        var times = new List<double>();
        var offset = 0;
        for (var run = 0; run < runs + 1; run++)
        {
            var body = new StringBuilder();
            var sources = new[] { new StringBuilder(), new StringBuilder(), new StringBuilder() };
            var words = 0;
            var claims = 0;
            while (words < 1000)
            {
                var row = rows[offset++ % rows.Count];
                var claim = row.GetProperty("claim").GetString()!.Trim();
                if (!claim.EndsWith('.')) claim += ".";
                body.Append(claim).Append(claims % 4 == 3 ? "\n\n" : " ");
                words += claim.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                foreach (var (e, j) in row.GetProperty("evidences").EnumerateArray().Select((e, j) => (e, j)))
                    sources[(claims + j) % 3].Append(e.GetProperty("evidence").GetString()!.Trim()).Append(' ');
                claims++;
            }
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/v1/articles", new
            {
                title = $"Speed run {run}",
                body = body.ToString(),
                sources = sources.Select(s => new { content = s.ToString() }).ToArray(),
            });
            response.EnsureSuccessStatusCode();
            var posted = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            string status;
            int extracted;
            do
            {
                await Task.Delay(50);
                var article = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}");
                status = article.GetProperty("status").GetString()!;
                extracted = article.GetProperty("claims").GetArrayLength();
            } while (status != "verified" && Stopwatch.GetElapsedTime(started).TotalSeconds < 110);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            // The first run warms the models and is not counted.
            if (run > 0) times.Add(seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}{(run == 0 ? " (warm-up)" : "")}: {words} words, {extracted} claims, 3 sources: {status} after {seconds:F2} s (the POST answered after {posted:F2} s)"));
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1,000-word article, 3 pasted sources, request to verified: median {times[times.Count / 2]:F2} s, worst {times[^1]:F2} s over {times.Count} runs"));
        return 0;
    }
}
