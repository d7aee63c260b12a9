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
/// Several API processes as one service (scripts/bench-cluster.sh): for 1, 2 and 3 real API processes on one
/// database, posts articles whose sources are pages served here on 127.0.0.1 through all of them, and measures how
/// fast the shared fetch queue drains; with 3, kills one process with SIGKILL mid-run. Then checks that nothing was
/// lost (every article stored, every document final), counts pages fetched twice (only those in flight at the kill
/// may be), and sends one key's writes to all three processes to show that they share one budget. Then the capacity
/// figures (<see cref="ClusterCapacity"/>) unless --capacity false.
/// </summary>
public static class ClusterBenchCommand
{
    public static async Task<int> RunAsync(string connectionString, string apiDll, int articlesPerPhase, int sourcesPerArticle, ClusterCapacity.Settings? capacity)
    {
        var seen = new ConcurrentDictionary<string, int>();
        var hooks = new ConcurrentDictionary<string, int>();
        var server = WebApplication.CreateSlimBuilder();
        server.Logging.ClearProviders();
        server.WebHost.UseUrls("http://127.0.0.1:0");
        var pages = server.Build();
        pages.MapGet("/p/{id}", async (string id) =>
        {
            seen.AddOrUpdate(id, 1, (_, n) => n + 1);
            await Task.Delay(20);
            return Results.Content($"<html><head><title>Page {id}</title></head><body><article><p>Report {id}: the treaty was signed in Pyongyang on 19 June 2024 after hours of talks.</p></article></body></html>", "text/html");
        });
        // The webhook receiver of the capacity phases: deliveries counted by path.
        pages.MapPost("/hook/{phase}", (string phase) =>
        {
            hooks.AddOrUpdate($"/hook/{phase}", 1, (_, n) => n + 1);
            return Results.NoContent();
        });
        await pages.StartAsync();
        var pagePort = new Uri(pages.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        await using (var db = DatabaseExtensions.CreateContext(connectionString))
            await db.Database.MigrateAsync();
        const string key = "fc_bench_cluster_admin_key_0123456789abcdef";
        var failures = 0;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{articlesPerPhase} articles × {sourcesPerArticle} pages per phase; pages on 127.0.0.1:{pagePort}");

        foreach (var processes in new[] { 1, 2, 3 })
        {
            await using (var db = DatabaseExtensions.CreateContext(connectionString))
            {
                await db.Articles.ExecuteDeleteAsync();
                await db.Documents.ExecuteDeleteAsync();
            }
            seen.Clear();
            var apis = new List<(Process Process, int Port)>();
            for (var i = 0; i < processes; i++) apis.Add(Start(apiDll, connectionString, key, pagePort, extra: []));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            foreach (var (_, port) in apis) await WaitReadyAsync(http, port);

            var phase = $"{Guid.NewGuid():N}"[..6];
            var watch = Stopwatch.StartNew();
            var posted = 0;
            var killed = false;
            var total = articlesPerPhase * sourcesPerArticle;
            var posting = Parallel.ForEachAsync(Enumerable.Range(0, articlesPerPhase), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (a, ct) =>
            {
                var port = apis[a % apis.Count].Port;
                var sources = Enumerable.Range(0, sourcesPerArticle).Select(s => new { url = $"http://127.0.0.1:{pagePort}/p/{phase}-{a}-{s}" }).ToArray();
                // One Idempotency-Key per article, kept across retries: a POST the killed process committed but never
                // answered is replayed by another process, not stored twice.
                var idempotencyKey = $"{phase}-{a}";
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/v1/articles")
                        {
                            Content = JsonContent.Create(new { title = $"Article {a}", body = $"The treaty was signed in Pyongyang on 19 June 2024, officials said [1]. Article {a}.", sources }),
                        };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        using var response = await http.SendAsync(request, ct);
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) { Interlocked.Increment(ref posted); return; }
                        if ((int)response.StatusCode is not (429 or 503)) throw new InvalidOperationException($"POST answered {(int)response.StatusCode}");
                    }
                    catch (HttpRequestException) when (killed)
                    {
                        // The process it went to was killed: send it to another.
                        port = apis[(a + attempt + 1) % apis.Count].Port;
                    }
                    await Task.Delay(200, ct);
                }
            });
            int final;
            await using (var db = DatabaseExtensions.CreateContext(connectionString))
            {
                while (true)
                {
                    final = await db.Documents.CountAsync(d => d.Status != FetchStatus.Pending && d.Status != FetchStatus.Fetching);
                    if (processes == 3 && !killed && final >= total * 2 / 5)
                    {
                        // SIGKILL: no shutdown, its leases are left to expire.
                        apis[0].Process.Kill();
                        killed = true;
                        Console.WriteLine(string.Create(inv, $"  killed one process with SIGKILL at {watch.Elapsed.TotalSeconds:F1} s ({final} of {total} documents final)"));
                    }
                    if (posting.IsCompleted && final >= posted * sourcesPerArticle) break;
                    if (watch.Elapsed > TimeSpan.FromMinutes(10)) { Console.WriteLine("  did not drain in 10 minutes"); failures++; break; }
                    await Task.Delay(50);
                }
            }
            await posting;
            var drained = watch.Elapsed;
            await using (var db = DatabaseExtensions.CreateContext(connectionString))
            {
                var articles = await db.Articles.CountAsync();
                var documents = await db.Documents.AsNoTracking().Select(d => new { d.Status }).ToListAsync();
                var twice = seen.Count(s => s.Value > 1);
                var notFetched = documents.Count(d => d.Status != FetchStatus.Fetched);
                Console.WriteLine(string.Create(inv,
                    $"  {processes} process(es): {documents.Count} documents drained in {drained.TotalSeconds:F1} s = {documents.Count / drained.TotalSeconds:F1} documents/s; " +
                    $"articles stored {articles} of {articlesPerPhase}; documents not fetched {notFetched}; pages fetched twice {twice}"));
                if (articles != articlesPerPhase || notFetched > 0 || (!killed && twice > 0)) failures++;
            }
            foreach (var (process, _) in apis) Stop(process);
        }

        // One key, one budget: 3 writes per 30 s, sent to three processes.
        {
            var apis = Enumerable.Range(0, 3).Select(_ => Start(apiDll, connectionString, key, pagePort,
                extra: [("RateLimits__Writes__PermitLimit", "3"), ("RateLimits__Writes__Window", "00:00:30"), ("Fetching__WorkerEnabled", "false")])).ToList();
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            foreach (var (_, port) in apis) await WaitReadyAsync(http, port);
            var created = 0;
            var limited = 0;
            for (var i = 0; i < 9; i++)
            {
                using var response = await http.PostAsJsonAsync($"http://127.0.0.1:{apis[i % 3].Port}/api/v1/check-worthiness", new { text = "The treaty was signed in June." });
                if (response.StatusCode == HttpStatusCode.TooManyRequests) limited++; else if (response.IsSuccessStatusCode) created++;
            }
            Console.WriteLine($"  one key with a budget of 3 writes per 30 s, 9 writes over 3 processes: {created} accepted, {limited} answered 429");
            if (created != 3 || limited != 6) failures++;
            foreach (var (process, _) in apis) Stop(process);
        }
        if (capacity is not null)
            failures += await ClusterCapacity.RunAsync(connectionString, apiDll, key, pagePort, path => hooks.GetValueOrDefault(path), capacity);
        await pages.StopAsync();
        Console.WriteLine(failures == 0 ? "nothing lost, nothing stuck" : $"{failures} check(s) failed");
        return failures == 0 ? 0 : 1;
    }

    internal static (Process Process, int Port) Start(string apiDll, string connectionString, string key, int pagePort, (string, string)[] extra)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [apiDll, "--contentRoot", Path.GetDirectoryName(apiDll)!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__FactCheck"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Auth__BootstrapAdminKey"] = key;
        start.Environment["Auth__FailuresPerMinute"] = "100000";
        start.Environment["RateLimits__Writes__PermitLimit"] = "100000";
        start.Environment["Fetching__AllowLoopback"] = "true";
        start.Environment["Fetching__AllowedPorts__0"] = pagePort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Fetching__MaxPendingFetchesPerKey"] = "100000";
        start.Environment["Fetching__LeaseDuration"] = "00:00:10";
        start.Environment["Verification__WorkerEnabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in extra) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, port);
    }

    internal static void Stop(Process process)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }

    internal static async Task WaitReadyAsync(HttpClient http, int port)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the API on port {port} was not ready in 2 minutes");
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
