namespace FactCheck.Api.Platform;

/// <summary>
/// A job that runs once the schema is current and then every <see cref="Interval"/> (the lexeme statistics refresh,
/// the queue sampler): one loop for all of them. A run that fails keeps what the last good run left and is tried
/// again at the next tick; it is logged at Debug (the database being down is the outage log's to report, once).
/// </summary>
public abstract class PeriodicJob(SchemaGate schema, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The clock the ticks follow (tests pass a fake one).</summary>
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>What the log calls a failed run ("Queue sample").</summary>
    protected abstract string Name { get; }

    /// <summary>One run, in a scope of its own.</summary>
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Scopes for <see cref="RunAsync"/>.</summary>
    protected abstract IServiceScopeFactory Scopes { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            try
            {
                await using var scope = Scopes.CreateAsyncScope();
                await RunAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "{Job} failed; the last good run's result stays, and it runs again at the next tick", Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
