using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using FactCheck.Api.Platform;
using FactCheck.Api.Sources;
using FactCheck.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactCheck.Benchmarks;

/// <summary>
/// The fetch queue under load: N documents over H hosts served from 127.0.0.1, 30% failing once with 503
/// (transient) and 5% answering 404 (permanent), drained by W workers (separate hosts, as separate API
/// processes would be) sharing one database. Checks every outcome and that no document is ever fetched by
/// two workers at once, then prints pages per second, attempts per document and the time to drain.
/// </summary>
public static class FetchBenchCommand
{
    sealed class LoopbackResolver : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Task.FromResult(new[] { IPAddress.Loopback });
    }

    public static async Task<int> RunAsync(string connectionString, int documents, int hosts, int workers)
    {
        // The page server: per-document behaviour by number, and a count of requests in flight per document.
        var inFlight = new ConcurrentDictionary<int, int>();
        var seen = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        var server = WebApplication.CreateSlimBuilder();
        server.Logging.ClearProviders();
        server.WebHost.UseUrls("http://127.0.0.1:0");
        var app = server.Build();
        app.MapGet("/doc/{id:int}", async (int id, HttpContext http) =>
        {
            if (inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps);
            try
            {
                await Task.Delay(5);
                var request = seen.AddOrUpdate(id, 1, (_, n) => n + 1);
                var kind = id % 100;
                if (kind < 5) return Results.NotFound();
                if (kind < 35 && request == 1) return Results.StatusCode(503);
                return Results.Content($"<html><head><title>Page {id}</title></head><body><p>Document {id} reports that the treaty was signed in Pyongyang.</p></body></html>", "text/html");
            }
            finally
            {
                inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
            }
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        await using (var db = DatabaseExtensions.CreateContext(connectionString))
        {
            await db.Database.MigrateAsync();
            await db.Documents.ExecuteDeleteAsync();
            var now = DateTimeOffset.UtcNow;
            db.Documents.AddRange(Enumerable.Range(0, documents).Select(i =>
            {
                var url = $"http://host{i % hosts}.bench:{port}/doc/{i}";
                return new Document { Id = Guid.CreateVersion7(), Url = url, NormalizedUrl = url, Status = FetchStatus.Pending, NextAttemptAt = now, CreatedAt = now, UpdatedAt = now };
            }));
            await db.SaveChangesAsync();
        }

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:FactCheck"] = connectionString,
            ["Fetching:AllowLoopback"] = "true",
            ["Fetching:AllowedPorts:0"] = port.ToString(CultureInfo.InvariantCulture),
            ["Fetching:HttpRetries"] = "0",
            ["Fetching:BaseBackoff"] = "00:00:00.200",
            ["Fetching:MaxBackoff"] = "00:00:02",
            ["Fetching:PollInterval"] = "00:00:00.050",
            ["Fetching:MaxConcurrency"] = "16",
            ["Fetching:MaxConcurrencyPerHost"] = "4",
            ["Fetching:BreakerMinimumThroughput"] = "20",
            ["Fetching:BreakerFailureRatio"] = "0.8",
            ["Fetching:BreakerBreakDuration"] = "00:00:02",
        };
        var watch = Stopwatch.StartNew();
        var instances = new List<IHost>();
        for (var w = 0; w < workers; w++)
        {
            var builder = WorkerHost.Create(settings);
            builder.Services.AddSingleton<IHostResolver, LoopbackResolver>();
            var host = builder.Build();
            await host.StartAsync();
            instances.Add(host);
        }

        var deadline = TimeSpan.FromMinutes(10);
        await using (var db = DatabaseExtensions.CreateContext(connectionString))
        {
            while (await db.Documents.AnyAsync(d => d.Status == FetchStatus.Pending || d.Status == FetchStatus.Fetching))
            {
                if (watch.Elapsed > deadline) throw new TimeoutException("the queue did not drain in 10 minutes");
                await Task.Delay(50);
            }
        }
        var drained = watch.Elapsed;
        foreach (var host in instances) { await host.StopAsync(); host.Dispose(); }
        await app.StopAsync();

        await using var check = DatabaseExtensions.CreateContext(connectionString);
        var rows = await check.Documents.AsNoTracking().Select(d => new { d.Url, d.Status, d.Attempts, d.LastError }).ToListAsync();
        var idOf = (string url) => int.Parse(url[(url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        var permanent = rows.Where(r => idOf(r.Url!) % 100 < 5).ToList();
        var others = rows.Where(r => idOf(r.Url!) % 100 >= 5).ToList();
        var wrongPermanent = permanent.Count(r => r.Status != FetchStatus.Failed || r.LastError != "HTTP 404");
        var wrongOthers = others.Count(r => r.Status != FetchStatus.Fetched);
        var requests = seen.Values.Sum();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            documents {documents} over {hosts} hosts, {workers} workers sharing one database
            drained in {drained.TotalSeconds:F2} s: {documents / drained.TotalSeconds:F0} documents/s ({others.Count / drained.TotalSeconds:F0} pages fetched/s)
            attempts per document {rows.Average(r => r.Attempts):F2} (queue), HTTP requests per document {requests / (double)documents:F2}
            fetched {rows.Count(r => r.Status == FetchStatus.Fetched)}, failed {rows.Count(r => r.Status == FetchStatus.Failed)}, blocked {rows.Count(r => r.Status == FetchStatus.Blocked)}
            transient documents not fetched: {wrongOthers}; permanent documents not failed with HTTP 404: {wrongPermanent}
            moments a document was fetched by two workers at once: {overlaps}
            """));
        return wrongOthers == 0 && wrongPermanent == 0 && overlaps == 0 ? 0 : 1;
    }
}
