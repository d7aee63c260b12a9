using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Platform;

/// <summary>
/// Background work (fetching, verification, samplers, purges) waits here until the database schema is
/// current. The service may start before the <c>migrate</c> step has run (an operator starting it by hand,
/// compose bringing both up); until then every poll would fail and log a stack trace every few seconds.
/// Instead one warning says what to do, and the work starts by itself once the migrations are applied.
/// </summary>
public sealed class SchemaGate(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SchemaGate> logger, DatabaseOutage outage)
{
    /// <summary>The outage log the workers report to (one line per outage, not a stack trace per pass).</summary>
    public DatabaseOutage Outage => outage;

    /// <summary>How often the schema is checked again while it is not current.</summary>
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int polling;

    public bool IsOpen => open.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref polling, 1) == 0) _ = Task.Run(() => PollAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return open.Task.WaitAsync(ct);
    }

    async Task PollAsync(CancellationToken ct)
    {
        var waiting = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
                var pending = await db.PendingMigrationsAsync(ct);
                outage.Recovered();
                if (pending.Count == 0)
                {
                    if (waiting) logger.LogInformation("The database schema is current: background work starts");
                    open.TrySetResult();
                    return;
                }
                if (!waiting)
                    logger.LogWarning(
                        "The database schema is not current ({Count} migrations pending, first {First}): fetching, verification and " +
                        "the samplers wait until `FactCheck.Api migrate` (or scripts/run.sh) applies them", pending.Count, pending[0]);
                waiting = true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Unreachable: the outage log says so once (and a summary a minute), without a stack trace.
                if (ApiExceptionHandler.IsDatabaseUnavailable(e)) outage.Report(e, "startup (background work waits for it)", background: true);
                else if (!waiting) logger.LogWarning(e, "The database cannot be reached: background work waits for it");
                waiting = true;
            }
            try
            {
                await Task.Delay(PollInterval, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
