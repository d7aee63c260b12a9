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
    Telemetry.FactCheckMetrics metrics, ILogger<FetchWorker> logger) : BackgroundService
{
    /// <summary>Identifies this worker's leases.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken);
        var o = options.Value;
        using var slots = new SemaphoreSlim(o.MaxConcurrency, o.MaxConcurrency);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var holding = false;
            try
            {
                await slots.WaitAsync(stoppingToken);
                holding = true;
                var free = slots.CurrentCount + 1;
                List<ClaimedDocument> batch;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    batch = await scope.ServiceProvider.GetRequiredService<FetchQueue>().ClaimAsync(Id, Math.Min(free, o.BatchSize), stoppingToken);
                }
                if (batch.Count == 0)
                {
                    holding = false;
                    slots.Release();
                    await signal.WaitAsync(o.PollInterval, stoppingToken);
                    continue;
                }
                holding = false; // handed to the first document's task
                // One slot is already held; take the rest for the other documents of the batch.
                for (var i = 1; i < batch.Count; i++) await slots.WaitAsync(stoppingToken);
                foreach (var document in batch)
                    running.Add(Task.Run(() => ProcessAsync(document, slots, stoppingToken), stoppingToken));
                running.RemoveAll(t => t.IsCompleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (holding) slots.Release();
                // The database may be briefly away; leases make whatever was taken safe to retry later.
                logger.LogError(e, "Fetch worker loop failed; retrying");
                await Task.Delay(o.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    async Task ProcessAsync(ClaimedDocument document, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<DocumentFetcher>().FetchAsync(document.Url, document.ETag, document.LastModified, ct);
            metrics.FetchCompleted(outcome);
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
}
