using FactCheck.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Telemetry;

/// <summary>Samples queue depth and age every <see cref="TelemetryOptions.QueueSampleInterval"/> for the gauges.</summary>
public sealed class QueueSampler(IServiceScopeFactory scopes, Platform.SchemaGate schema, FactCheckMetrics metrics, IOptions<TelemetryOptions> options, TimeProvider time, ILogger<QueueSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.QueueSampleInterval, time);
        do
        {
            try
            {
                metrics.Sample = await SampleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database may be down or not migrated yet: keep the last sample and try again.
                logger.LogDebug(e, "Queue sample failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    async Task<QueueSample> SampleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        var now = time.GetUtcNow();
        var row = await db.Database.SqlQuery<QueueRow>(
            $"""
            SELECT count(*) AS pending,
                   count(*) FILTER (WHERE next_attempt_at <= {now}) AS due,
                   coalesce(extract(epoch FROM {now} - min(next_attempt_at) FILTER (WHERE next_attempt_at <= {now})), 0)::float8 AS oldest_due_age,
                   (SELECT count(*) FROM articles WHERE status = 'verifying') AS verifying
            FROM documents WHERE status IN ('pending', 'fetching')
            """).SingleAsync(ct);
        return new QueueSample(row.Pending, row.Due, row.OldestDueAge, row.Verifying);
    }

    sealed record QueueRow(long Pending, long Due, double OldestDueAge, long Verifying);
}
