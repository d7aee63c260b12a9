using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FactCheck.Api.Events;
using FactCheck.Api.Platform;
using FactCheck.Api.Sources;
using FactCheck.Api.Webhooks;
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
/// Webhook delivery under load, against a receiver on 127.0.0.1 that checks every signature:
/// (1) a backlog of N events over A articles queued before the worker starts, drained: deliveries per second, with
/// duplicates, signature failures and per-article order checked; (2) latency from commit to the receiver for L events
/// committed one at a time in the delivering process (p50 / p95).
/// </summary>
public static class WebhookBenchCommand
{
    public static async Task<int> RunAsync(string connectionString, int events, int articles, int latencyEvents)
    {
        var received = new ConcurrentDictionary<string, (long Sequence, string Article, long At)>();
        var duplicates = 0;
        var badSignatures = 0;
        var outOfOrder = 0;
        var lastPerArticle = new ConcurrentDictionary<string, long>();
        string secret = WebhookSignature.NewSecret();

        var server = WebApplication.CreateSlimBuilder();
        server.Logging.ClearProviders();
        server.WebHost.UseUrls("http://127.0.0.1:0");
        var app = server.Build();
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var at = Stopwatch.GetTimestamp();
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            var ts = long.Parse(http.Request.Headers["webhook-timestamp"].ToString(), CultureInfo.InvariantCulture);
            if (WebhookSignature.Sign(secret, id, ts, body) != http.Request.Headers["webhook-signature"].ToString()) Interlocked.Increment(ref badSignatures);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var sequence = json.RootElement.GetProperty("sequence").GetInt64();
            var article = json.RootElement.GetProperty("data").GetProperty("articleId").GetString()!;
            if (!received.TryAdd(id, (sequence, article, at))) Interlocked.Increment(ref duplicates);
            lastPerArticle.AddOrUpdate(article, sequence, (_, last) =>
            {
                if (sequence < last) Interlocked.Increment(ref outOfOrder);
                return Math.Max(last, sequence);
            });
            return Results.NoContent();
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        var articleIds = Enumerable.Range(0, articles).Select(_ => Guid.CreateVersion7()).ToList();
        var interceptor = new ChangeEventInterceptor(null);
        await using (var db = DatabaseExtensions.CreateContext(connectionString, interceptor, interceptor.Commits))
        {
            await db.Database.MigrateAsync();
            await db.WebhookDeliveries.ExecuteDeleteAsync();
            await db.WebhookSubscriptions.ExecuteDeleteAsync();
            await db.ChangeEvents.ExecuteDeleteAsync();
            db.WebhookSubscriptions.Add(new WebhookSubscription
            {
                Id = Guid.CreateVersion7(), Url = $"http://127.0.0.1:{port}/hook", EventTypes = [EventTypes.ClaimStatusChanged],
                Secret = secret, CreatedBy = "bench", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            // The backlog: one transaction, as a burst of verifications would leave it.
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < events; i++)
            {
                var article = articleIds[i % articles];
                ChangeEvents.Record(db, EventTypes.ClaimStatusChanged, article, null,
                    new ClaimStatusChangedData(Guid.Empty, article, "unreviewed", "in_review"), DateTimeOffset.UtcNow);
            }
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var builder = WorkerHost.Create(new Dictionary<string, string?>
        {
            ["ConnectionStrings:FactCheck"] = connectionString,
            ["Fetching:AllowLoopback"] = "true",
            ["Fetching:AllowedPorts:0"] = port.ToString(CultureInfo.InvariantCulture),
            ["Fetching:WorkerEnabled"] = "false",
        });
        builder.AddWebhooks();
        var host = builder.Build();
        var watch = Stopwatch.StartNew();
        await host.StartAsync();
        var deadline = TimeSpan.FromMinutes(5);
        while (received.Count < events)
        {
            if (watch.Elapsed > deadline) throw new TimeoutException($"only {received.Count} of {events} delivered in 5 minutes");
            await Task.Delay(10);
        }
        var drained = watch.Elapsed;

        // Latency: events committed one at a time through the delivering process's own context (its commit wakes the worker).
        var committedAt = new Dictionary<string, long>();
        for (var i = 0; i < latencyEvents; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var article = articleIds[i % articles];
            var change = ChangeEvents.Record(db, EventTypes.ClaimStatusChanged, article, null,
                new ClaimStatusChangedData(Guid.Empty, article, "in_review", "reviewed"), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            committedAt[change.Id.ToString()] = Stopwatch.GetTimestamp();
            await Task.Delay(20);
        }
        while (received.Count < events + latencyEvents)
        {
            if (watch.Elapsed > deadline) throw new TimeoutException("latency events not delivered");
            await Task.Delay(10);
        }
        await host.StopAsync();
        host.Dispose();
        await app.StopAsync();

        var latencies = committedAt.Select(c => Stopwatch.GetElapsedTime(c.Value, received[c.Key].At).TotalMilliseconds).OrderBy(x => x).ToList();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            backlog: {events} events over {articles} articles, one subscription, queued before the worker started
            drained in {drained.TotalSeconds:F2} s: {events / drained.TotalSeconds:F0} deliveries/s (worker start included)
            latency commit -> receiver over {latencyEvents} events committed one at a time: p50 {Percentile(0.5):F1} ms, p95 {Percentile(0.95):F1} ms, max {latencies[^1]:F1} ms
            duplicates {duplicates}, bad signatures {badSignatures}, out of order within an article {outOfOrder}
            """));
        return duplicates == 0 && badSignatures == 0 && outOfOrder == 0 ? 0 : 1;
    }
}
