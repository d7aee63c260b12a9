using Microsoft.Extensions.Options;

namespace FactCheck.Api.Sources;

/// <summary>Wakes the fetch worker when documents are queued.</summary>
public sealed class FetchSignal : Platform.WorkSignal;

/// <summary>
/// Takes due documents from the queue, fetches them with no transaction open, and writes each outcome.
/// Up to <see cref="FetchingOptions.MaxConcurrency"/> fetches run at once; it only claims as many rows as
/// it has free slots, so rows are never leased while waiting in memory.
/// </summary>
public sealed class FetchWorker(IServiceScopeFactory scopes, Platform.SchemaGate schema, FetchSignal signal, IOptions<FetchingOptions> options,
    Telemetry.FactCheckMetrics metrics, ILogger<FetchWorker> logger) : Platform.QueueWorker(schema, signal, logger)
{
    readonly SemaphoreSlim slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
    readonly List<Task> running = [];

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override string Work => "Fetch";

    /// <summary>Takes as many due documents as there are free slots (waiting for one first) and starts fetching them.</summary>
    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await slots.WaitAsync(ct);
        var free = slots.CurrentCount + 1;
        List<ClaimedDocument> batch;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            batch = await scope.ServiceProvider.GetRequiredService<FetchQueue>().ClaimAsync(Id, Math.Min(free, options.Value.BatchSize), ct);
        }
        catch
        {
            // The database may be briefly away; leases make whatever was taken safe to retry later.
            slots.Release();
            throw;
        }
        if (batch.Count == 0)
        {
            slots.Release();
            return false;
        }
        // One slot is already held; take the rest for the other documents of the batch (free by construction).
        for (var i = 1; i < batch.Count; i++) await slots.WaitAsync(ct);
        lock (running)
        {
            running.RemoveAll(t => t.IsCompleted);
            foreach (var document in batch) running.Add(Task.Run(() => ProcessAsync(document, slots, ct), ct));
        }
        return true;
    }

    protected override Task DrainAsync()
    {
        lock (running) return Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    async Task ProcessAsync(ClaimedDocument document, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<DocumentFetcher>().FetchAsync(document.Url, document.ETag, document.LastModified, ct, failedBefore: document.Attempts > 1);
            metrics.FetchCompleted(outcome.Kind.ToString().ToLowerInvariant(), ReasonOf(outcome));
            var written = await scope.ServiceProvider.GetRequiredService<FetchQueue>().CompleteAsync(document, Id, outcome, ct);
            if (!written) logger.LogWarning("Lease on document {Id} expired before its outcome was written; another worker owns it", document.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease expires and another worker takes the document.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Fetching document {Id} failed unexpectedly; it is retried when its lease expires", document.Id);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>A short, bounded label for why a fetch ended as it did (the full message is on the document).</summary>
    internal static string ReasonOf(FetchOutcome outcome)
    {
        if (outcome.Kind is FetchOutcomeKind.Fetched) return "ok";
        if (outcome.Kind is FetchOutcomeKind.NotModified) return "not_modified";
        if (outcome.Kind is FetchOutcomeKind.Blocked) return "blocked";
        var error = outcome.Error ?? "";
        if (outcome.HttpStatus is >= 400 and < 600 && error.StartsWith("HTTP ", StringComparison.Ordinal)) return $"http_{outcome.HttpStatus}";
        if (error.StartsWith("timed out", StringComparison.Ordinal)) return "timeout";
        if (error.StartsWith("connection failed", StringComparison.Ordinal)) return "connection";
        if (error.StartsWith("circuit open", StringComparison.Ordinal)) return "circuit_open";
        if (error.StartsWith("too many concurrent", StringComparison.Ordinal)) return "host_busy";
        if (error.StartsWith("too large", StringComparison.Ordinal)) return "too_large";
        if (error.StartsWith("unsupported content type", StringComparison.Ordinal)) return "content_type";
        if (error.Contains("redirect", StringComparison.Ordinal)) return "redirects";
        if (error.StartsWith("the body broke off", StringComparison.Ordinal)) return "slow_body";
        return "other";
    }
}
