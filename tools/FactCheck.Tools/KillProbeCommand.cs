using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using FactCheck.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactCheck.Tools;

/// <summary>
/// The slow reliability probes (scripts/reliability-kill.sh), against a real API process on one database:
/// (1) kill -9 of the API twice while it fetches 300 pages, restarted each time: every document ends fetched, none
/// stuck, pages fetched twice only those in flight at a kill; (2) kill -9 once during 4,000 POSTs of articles, each
/// with its own Idempotency-Key, retried by the clients until answered: exactly 4,000 articles, none lost, none
/// stored twice, and a replayed key answers with its article.
/// </summary>
public static class KillProbeCommand
{
    const string Key = "fc_kill_probe_admin_key_0123456789abcdefgh";

    public static async Task<int> RunAsync(string connectionString, string apiDll, int pages, int posts)
    {
        var inv = CultureInfo.InvariantCulture;
        var seen = new ConcurrentDictionary<string, int>();
        var server = WebApplication.CreateSlimBuilder();
        server.Logging.ClearProviders();
        server.WebHost.UseUrls("http://127.0.0.1:0");
        var pageServer = server.Build();
        pageServer.MapGet("/p/{id}", async (string id) =>
        {
            seen.AddOrUpdate(id, 1, (_, n) => n + 1);
            await Task.Delay(300);
            return Results.Content($"<html><head><title>Page {id}</title></head><body><article><p>Report {id}: the treaty was signed in Pyongyang on 19 June 2024 after hours of talks.</p></article></body></html>", "text/html");
        });
        await pageServer.StartAsync();
        var pagePort = new Uri(pageServer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        await using (var db = DatabaseExtensions.CreateContext(connectionString))
        {
            await db.Database.MigrateAsync();
            await db.Articles.ExecuteDeleteAsync();
            await db.Documents.ExecuteDeleteAsync();
            await db.IdempotencyRecords.ExecuteDeleteAsync();
        }
        var failures = 0;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        // 1. Two kill -9 during the fetch of `pages` pages (5 per article).
        {
            (Process Process, int Port) api = Start(apiDll, connectionString, pagePort, fetching: true);
            await ClusterBenchCommand.WaitReadyAsync(http, api.Port);
            var articles = pages / 5;
            var watch = Stopwatch.StartNew();
            var current = api;
            // Pages answer in 300 ms and one host is fetched 2 at a time (the default), so the queue drains over tens of seconds.
            await Parallel.ForEachAsync(Enumerable.Range(0, articles), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (a, _) =>
            {
                var sources = Enumerable.Range(0, 5).Select(s => new { url = $"http://127.0.0.1:{pagePort}/p/{a}-{s}" }).ToArray();
                await PostUntilAnsweredAsync(http, () => current.Port, $"fetch-{a}", new { title = $"Fetch article {a}", body = $"The treaty was signed in Pyongyang on 19 June 2024 [1]. Article {a}.", sources });
            });
            var kills = 0;
            await using (var db = DatabaseExtensions.CreateContext(connectionString))
            {
                while (true)
                {
                    var final = await db.Documents.CountAsync(d => d.Status != FetchStatus.Pending && d.Status != FetchStatus.Fetching);
                    if (kills < 2 && final >= pages * (kills + 1) / 3)
                    {
                        current.Process.Kill();
                        current.Process.WaitForExit();
                        kills++;
                        Console.WriteLine(string.Create(inv, $"  fetch: kill -9 #{kills} at {watch.Elapsed.TotalSeconds:F1} s ({final} of {pages} documents final); restarted"));
                        current = Start(apiDll, connectionString, pagePort, fetching: true);
                        await ClusterBenchCommand.WaitReadyAsync(http, current.Port);
                    }
                    if (final >= pages && kills == 2) break;
                    if (final >= pages) { Console.WriteLine("  fetch: drained before both kills; use more --pages"); failures++; break; }
                    if (watch.Elapsed > TimeSpan.FromMinutes(10)) { Console.WriteLine("  fetch: did not drain in 10 minutes"); failures++; break; }
                    await Task.Delay(50);
                }
                var documents = await db.Documents.AsNoTracking().Select(d => d.Status).ToListAsync();
                var stored = await db.Articles.CountAsync();
                var stuck = documents.Count(s => s is FetchStatus.Pending or FetchStatus.Fetching);
                var notFetched = documents.Count(s => s != FetchStatus.Fetched);
                var twice = seen.Count(s => s.Value > 1);
                Console.WriteLine(string.Create(inv,
                    $"  fetch: {documents.Count} documents in {watch.Elapsed.TotalSeconds:F1} s with 2 kill -9; articles {stored} of {articles}; not fetched {notFetched}; stuck {stuck}; pages fetched twice {twice} (in flight at a kill)"));
                if (stored != articles || notFetched > 0 || stuck > 0 || documents.Count != pages) failures++;
            }
            ClusterBenchCommand.Stop(current.Process);
        }

        // 2. One kill -9 during `posts` idempotent POSTs.
        {
            (Process Process, int Port) current = Start(apiDll, connectionString, pagePort, fetching: false);
            await ClusterBenchCommand.WaitReadyAsync(http, current.Port);
            var watch = Stopwatch.StartNew();
            var answered = 0;
            var retried = 0;
            var killed = false;
            var restart = new SemaphoreSlim(1, 1);
            var posting = Parallel.ForEachAsync(Enumerable.Range(0, posts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                var tries = await PostUntilAnsweredAsync(http, () => current.Port, $"post-{i}",
                    PostedArticle(i));
                if (tries > 1) Interlocked.Increment(ref retried);
                Interlocked.Increment(ref answered);
            });
            while (!posting.IsCompleted)
            {
                if (!killed && Volatile.Read(ref answered) >= posts / 2)
                {
                    await restart.WaitAsync();
                    current.Process.Kill();
                    current.Process.WaitForExit();
                    killed = true;
                    Console.WriteLine(string.Create(inv, $"  posts: kill -9 at {watch.Elapsed.TotalSeconds:F1} s ({answered} of {posts} answered); restarted"));
                    var next = Start(apiDll, connectionString, pagePort, fetching: false);
                    await ClusterBenchCommand.WaitReadyAsync(http, next.Port);
                    current = next;
                    restart.Release();
                }
                await Task.Delay(20);
            }
            await posting;
            await using var db = DatabaseExtensions.CreateContext(connectionString);
            var titles = await db.Articles.AsNoTracking().Where(a => a.Title.StartsWith("Idempotent article ")).Select(a => a.Title).ToListAsync();
            var distinct = titles.Distinct(StringComparer.Ordinal).Count();
            var duplicated = titles.Count - distinct;
            var lost = posts - distinct;
            // A replay of a key answers with the article it made, not a new one.
            var replayed = 0;
            for (var i = 0; i < posts; i += Math.Max(1, posts / 50))
            {
                await PostUntilAnsweredAsync(http, () => current.Port, $"post-{i}",
                    PostedArticle(i));
                replayed++;
            }
            var after = await db.Articles.CountAsync(a => a.Title.StartsWith("Idempotent article "));
            Console.WriteLine(string.Create(inv,
                $"  posts: {posts} POSTs in {watch.Elapsed.TotalSeconds:F1} s ({posts / watch.Elapsed.TotalSeconds:F0}/s) with 1 kill -9; {retried} retried after the kill; articles {titles.Count}: lost {lost}, stored twice {duplicated}; {replayed} keys replayed, articles after {after}"));
            if (lost != 0 || duplicated != 0 || after != titles.Count) failures++;
            ClusterBenchCommand.Stop(current.Process);
        }
        await pageServer.StopAsync();
        Console.WriteLine(failures == 0 ? "nothing lost, nothing duplicated, nothing stuck" : $"{failures} check(s) failed");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The i-th article of the POST probe: the same body for its first POST, its retries and its replay.</summary>
    static object PostedArticle(int i) => new { title = $"Idempotent article {i}", body = $"Officials said {i} people attended the signing in Pyongyang on 19 June 2024 (Source 1).", sources = new[] { new { content = $"Pasted source {i}: {i} people attended the signing." } } };

    static (Process Process, int Port) Start(string apiDll, string connectionString, int pagePort, bool fetching) =>
        ClusterBenchCommand.Start(apiDll, connectionString, Key, pagePort, extra: [("Fetching__WorkerEnabled", fetching ? "true" : "false")]);

    /// <summary>POSTs until an answer that is not a lost connection or a 503: a client that retries, with its key. Returns the tries.</summary>
    static async Task<int> PostUntilAnsweredAsync(HttpClient http, Func<int> port, string idempotencyKey, object article)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port()}/api/v1/articles") { Content = JsonContent.Create(article) };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                using var response = await http.SendAsync(request);
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) return attempt;
                if ((int)response.StatusCode is not (503 or 429 or 409)) throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The process is down (killed, restarting): try again.
            }
            if (attempt > 600) throw new TimeoutException($"POST {idempotencyKey} unanswered after {attempt} tries");
            await Task.Delay(100);
        }
    }
}
