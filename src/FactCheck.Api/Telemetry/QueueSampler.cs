using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Telemetry;

/// <summary>Samples queue depth and age every <see cref="TelemetryOptions.QueueSampleInterval"/> for the gauges.</summary>
public sealed class QueueSampler(IServiceScopeFactory scopes, Platform.SchemaGate schema, FactCheckMetrics metrics, IOptions<TelemetryOptions> options, TimeProvider time, ILogger<QueueSampler> logger)
    : Platform.PeriodicJob(schema, time, logger)
{
    protected override TimeSpan Interval => options.Value.QueueSampleInterval;
    // The database may be down or not migrated yet: the last sample stays.
    protected override string Name => "Queue sample";
    protected override IServiceScopeFactory Scopes => scopes;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        metrics.Sample = await SampleAsync(services.GetRequiredService<FactCheckDbContext>(), ct);

    async Task<QueueSample> SampleAsync(FactCheckDbContext db, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
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
