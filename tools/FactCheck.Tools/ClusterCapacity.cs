using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Tools;

/// <summary>
/// The capacity half of scripts/bench-cluster.sh, for 1, 2 and 3 API processes on one database: articles with pasted
/// sources ingested and verified (the verifier on: the cross-encoder reads every claim), POST /articles latency, editorial
/// verdicts from 16 writers with a webhook subscribed to every event (verdicts, events written and deliveries received
/// per second), then a soak at a steady rate with each process's memory and the database's connections sampled.
/// </summary>
public static class ClusterCapacity
{
    public sealed record Settings(int VerifyArticles, int Writers, TimeSpan VerdictWindow, TimeSpan Soak, double SoakRate);

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string connectionString, string apiDll, string key, int pagePort, Func<string, int> receiverHits, Settings settings)
    {
        var failures = 0;
        Console.WriteLine();
        Console.WriteLine($"Capacity: {settings.VerifyArticles} articles with pasted sources per phase (verification on), " +
                          $"{settings.Writers} editorial writers for {settings.VerdictWindow.TotalSeconds:F0} s with a webhook on every event");
        foreach (var processes in new[] { 1, 2, 3 })
        {
            await ResetAsync(connectionString);
            var apis = Enumerable.Range(0, processes).Select(_ => ClusterBenchCommand.Start(apiDll, connectionString, key, pagePort,
                extra: [("Verification__WorkerEnabled", "true")])).ToList();
            try
            {
                using var http = Client(key);
                // Ready means the models are loaded and warm too (readiness "models"): the figures leave the load out.
                foreach (var (_, port) in apis) await ClusterBenchCommand.WaitReadyAsync(http, port);

                // Ingest and verify.
                var latencies = new ConcurrentBag<double>();
                var watch = Stopwatch.StartNew();
                var bad = 0;
                await Parallel.ForEachAsync(Enumerable.Range(0, settings.VerifyArticles), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (a, ct) =>
                {
                    var (status, ms) = await PostArticleAsync(http, apis[a % apis.Count].Port, a, ct);
                    latencies.Add(ms);
                    if (status != HttpStatusCode.Created) Interlocked.Increment(ref bad);
                });
                var ingested = watch.Elapsed;
                var verified = await WaitVerifiedAsync(connectionString, settings.VerifyArticles, TimeSpan.FromMinutes(15));
                var all = watch.Elapsed;
                var sorted = latencies.Order().ToList();
                Console.WriteLine(string.Create(Inv,
                    $"  {processes} process(es): {settings.VerifyArticles} articles posted in {ingested.TotalSeconds:F1} s = {settings.VerifyArticles / ingested.TotalSeconds:F1} articles/s " +
                    $"(POST p50 {Percentile(sorted, 0.50):F0} ms, p95 {Percentile(sorted, 0.95):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms); " +
                    $"{verified} verified in {all.TotalSeconds:F1} s = {verified / all.TotalSeconds:F2} articles/s; not created {bad}"));
                if (bad > 0 || verified != settings.VerifyArticles) failures++;

                // Editorial verdicts with a webhook on every event.
                var hook = await http.PostAsJsonAsync($"http://127.0.0.1:{apis[0].Port}/api/v1/webhooks",
                    new { url = $"http://127.0.0.1:{pagePort}/hook/{processes}", eventTypes = new[] { "article.verified", "claim.verdict_changed", "claim.status_changed", "source.failed", "factcheck.imported" } });
                if (hook.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"webhook: {(int)hook.StatusCode} {await hook.Content.ReadAsStringAsync()}");
                List<Guid> claims;
                long eventsBefore;
                await using (var db = DatabaseExtensions.CreateContext(connectionString))
                {
                    claims = await db.Claims.Select(c => c.Id).ToListAsync();
                    eventsBefore = await db.ChangeEvents.LongCountAsync();
                }
                var hitsBefore = receiverHits($"/hook/{processes}");
                var written = 0;
                var refused = new ConcurrentDictionary<int, int>();
                var errors = 0;
                var verdictLatencies = new ConcurrentBag<double>();
                watch.Restart();
                using (var stop = new CancellationTokenSource(settings.VerdictWindow))
                {
                    var writers = Enumerable.Range(0, settings.Writers).Select(w => Task.Run(async () =>
                    {
                        var i = w;
                        string[] ratings = ["true", "mostly_true", "mostly_false", "false"];
                        while (!stop.IsCancellationRequested)
                        {
                            var claim = claims[i % claims.Count];
                            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{apis[i % apis.Count].Port}/api/v1/claims/{claim}/verdicts")
                            {
                                Content = JsonContent.Create(new { rating = ratings[i % ratings.Length], rationale = $"Writer {w}, pass {i}." }),
                            };
                            request.Headers.Add("If-Match", "*");
                            var started = Stopwatch.GetTimestamp();
                            using var response = await http.SendAsync(request, CancellationToken.None);
                            verdictLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref written);
                            else if ((int)response.StatusCode is 409 or 412 or 429 or 503) refused.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                            else Interlocked.Increment(ref errors);
                            i += settings.Writers;
                        }
                    })).ToList();
                    await Task.WhenAll(writers);
                }
                var window = watch.Elapsed;
                long events, queued;
                await using (var db = DatabaseExtensions.CreateContext(connectionString))
                {
                    events = await db.ChangeEvents.LongCountAsync() - eventsBefore;
                    queued = await db.WebhookDeliveries.LongCountAsync();
                }
                // Deliveries trail the writes: wait for the backlog (at most a minute) to give the delivery rate too.
                var deliveryWatch = Stopwatch.StartNew();
                while (receiverHits($"/hook/{processes}") - hitsBefore < queued && deliveryWatch.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(200);
                var delivered = receiverHits($"/hook/{processes}") - hitsBefore;
                var verdictSorted = verdictLatencies.Order().ToList();
                Console.WriteLine(string.Create(Inv,
                    $"    editorial verdicts: {written / window.TotalSeconds:F0}/s ({written} in {window.TotalSeconds:F0} s, p50 {Percentile(verdictSorted, 0.5):F0} ms, p99 {Percentile(verdictSorted, 0.99):F0} ms; " +
                    $"refused {(refused.IsEmpty ? "none" : string.Join(", ", refused.OrderBy(r => r.Key).Select(r => $"{r.Value} with {r.Key}")))}, other errors {errors}); events written {events / window.TotalSeconds:F0}/s; " +
                    $"webhook deliveries {delivered} of {queued} within {(window + deliveryWatch.Elapsed).TotalSeconds:F0} s"));
                if (errors > 0 || written == 0 || delivered < queued) failures++;
            }
            finally
            {
                foreach (var (process, _) in apis) ClusterBenchCommand.Stop(process);
            }
        }

        if (settings.Soak > TimeSpan.Zero) failures += await SoakAsync(connectionString, apiDll, key, pagePort, settings);
        return failures;
    }

    /// <summary>
    /// Three processes for the soak's length at a steady rate of articles (verification on), sampling each process's
    /// working set and the database's connections every 30 s. Growth: the last sample above 1.5 times the one at the
    /// end of the first minute (warm-up: JIT, pools, models).
    /// </summary>
    static async Task<int> SoakAsync(string connectionString, string apiDll, string key, int pagePort, Settings settings)
    {
        await ResetAsync(connectionString);
        var apis = Enumerable.Range(0, 3).Select(_ => ClusterBenchCommand.Start(apiDll, connectionString, key, pagePort,
            extra: [("Verification__WorkerEnabled", "true")])).ToList();
        try
        {
            using var http = Client(key);
            foreach (var (_, port) in apis) await ClusterBenchCommand.WaitReadyAsync(http, port);
            Console.WriteLine();
            Console.WriteLine(string.Create(Inv, $"Soak: 3 processes, {settings.SoakRate:F1} articles/s for {settings.Soak.TotalMinutes:F0} min (verification on)"));
            Console.WriteLine("  minute | working set per process (MB) | database connections | articles posted | verified | POST p99 (ms)");
            var samples = new List<(double Minute, long[] Memory, long Connections)>();
            var posted = 0;
            var bad = 0;
            var latencies = new ConcurrentBag<double>();
            var watch = Stopwatch.StartNew();
            var interval = TimeSpan.FromSeconds(1 / settings.SoakRate);
            var nextSample = TimeSpan.Zero;
            var inFlight = new List<Task>();
            for (var a = 0; watch.Elapsed < settings.Soak; a++)
            {
                var n = a;
                inFlight.Add(Task.Run(async () =>
                {
                    var (status, ms) = await PostArticleAsync(http, apis[n % 3].Port, 100_000 + n, CancellationToken.None);
                    latencies.Add(ms);
                    if (status == HttpStatusCode.Created) Interlocked.Increment(ref posted); else Interlocked.Increment(ref bad);
                }));
                inFlight.RemoveAll(t => t.IsCompleted);
                if (watch.Elapsed >= nextSample)
                {
                    var memory = apis.Select(p => { p.Process.Refresh(); return p.Process.WorkingSet64 / (1024 * 1024); }).ToArray();
                    long connections, verified;
                    await using (var db = DatabaseExtensions.CreateContext(connectionString))
                    {
                        connections = await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_stat_activity WHERE datname = current_database()").SingleAsync();
                        verified = await db.Articles.LongCountAsync(x => x.Status == ArticleStatus.Verified);
                    }
                    var recent = latencies.Order().ToList();
                    samples.Add((watch.Elapsed.TotalMinutes, memory, connections));
                    Console.WriteLine(string.Create(Inv,
                        $"  {watch.Elapsed.TotalMinutes,6:F1} | {string.Join(" / ", memory),-28} | {connections,19} | {posted,15} | {verified,8} | {Percentile(recent, 0.99),8:F0}"));
                    nextSample += TimeSpan.FromSeconds(30);
                }
                var due = interval * (a + 1);
                if (due > watch.Elapsed) await Task.Delay(due - watch.Elapsed);
            }
            await Task.WhenAll(inFlight);
            var baseline = samples.FirstOrDefault(s => s.Minute >= 1);
            var last = samples[^1];
            var grew = baseline.Memory is not null && (last.Memory.Zip(baseline.Memory).Any(m => m.First > 1.5 * m.Second) || last.Connections > 1.5 * baseline.Connections);
            Console.WriteLine(grew ? "  growth: memory or connections rose by more than half after the first minute" : "  no growth in memory or connections after the first minute");
            Console.WriteLine($"  articles not created: {bad}");
            return grew || bad > 0 ? 1 : 0;
        }
        finally
        {
            foreach (var (process, _) in apis) ClusterBenchCommand.Stop(process);
        }
    }

    static HttpClient Client(string key)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    static async Task ResetAsync(string connectionString)
    {
        await using var db = DatabaseExtensions.CreateContext(connectionString);
        await db.WebhookSubscriptions.ExecuteDeleteAsync();
        await db.Articles.ExecuteDeleteAsync();
        await db.Documents.ExecuteDeleteAsync();
    }

    static async Task<(HttpStatusCode Status, double Ms)> PostArticleAsync(HttpClient http, int port, int n, CancellationToken ct)
    {
        var body = string.Create(Inv,
            $"The Orvik council approved a budget of {100 + n % 50} million euros on Monday [1]. Turnout in the local vote was {30 + n % 40} percent [2]. " +
            $"The mayor said the plan would cut hospital waiting lists by {10 + n % 20} percent within two years [1].");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/v1/articles")
        {
            Content = JsonContent.Create(new
            {
                title = $"Capacity {n}",
                body,
                sources = new object[]
                {
                    new { label = "Source 1", content = string.Create(Inv, $"The Orvik council approved a budget of {100 + n % 50} million euros on Monday, officials said. The mayor said waiting lists would fall by {10 + n % 20} percent within two years.") },
                    new { label = "Source 2", content = string.Create(Inv, $"Turnout in the Orvik vote was {30 + (n + 7) % 40} percent, the electoral office reported.") },
                },
            }),
        };
        request.Headers.Add("Idempotency-Key", $"capacity-{n}-{Guid.NewGuid():N}");
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, ct);
        return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    static async Task<long> WaitVerifiedAsync(string connectionString, int articles, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        await using var db = DatabaseExtensions.CreateContext(connectionString);
        while (true)
        {
            var verified = await db.Articles.LongCountAsync(a => a.Status == ArticleStatus.Verified);
            if (verified >= articles || watch.Elapsed > limit) return verified;
            await Task.Delay(100);
        }
    }

    static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
