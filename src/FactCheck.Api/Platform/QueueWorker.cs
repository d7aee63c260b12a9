namespace FactCheck.Api.Platform;

/// <summary>
/// The loop the background workers share (fetching, verification, webhook deliveries, the Idempotency-Key purge): once the schema is current, run one
/// pass; when it found nothing, sleep until signalled or the poll interval passes. A failed pass is logged and
/// retried after the poll interval: whatever it had taken is leased, so it is safe to take again later.
/// </summary>
public abstract class QueueWorker(SchemaGate schema, WorkSignal signal, ILogger logger) : BackgroundService
{
    /// <summary>Identifies this worker's leases.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>What the log calls a failed pass ("Verification", "Webhook delivery").</summary>
    protected abstract string Work { get; }

    /// <summary>One pass over due work; false when there was none.</summary>
    public abstract Task<bool> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var found = await RunOnceAsync(stoppingToken);
                schema.Outage.Recovered();
                if (!found) await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (ApiExceptionHandler.IsDatabaseUnavailable(e))
            {
                schema.Outage.Report(e, Work, background: true);
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Work} pass failed; what it had taken is retried when its lease expires", Work);
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await DrainAsync();
    }

    /// <summary>After the loop stopped: wait for work a pass started and left running (the fetch worker's fetches).</summary>
    protected virtual Task DrainAsync() => Task.CompletedTask;
}
