using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Platform;

/// <summary>
/// Deletes Idempotency-Key records older than their lifetime, so the table holds about a day of keys
/// rather than every key ever sent. A replay after the lifetime is a new request either way.
/// </summary>
public sealed class IdempotencyPurger(IServiceScopeFactory scopes, SchemaGate schema, IOptions<ApiOptions> options, TimeProvider time, ILogger<IdempotencyPurger> logger)
    : QueueWorker(schema, new PurgeSignal(), logger)
{
    /// <summary>Nothing wakes the purger early: it runs at start, then every hour (or every key lifetime, if shorter).</summary>
    sealed class PurgeSignal : WorkSignal;

    protected override TimeSpan PollInterval =>
        options.Value.IdempotencyKeyLifetime < TimeSpan.FromHours(1) ? options.Value.IdempotencyKeyLifetime : TimeSpan.FromHours(1);

    protected override string Work => "Idempotency-Key purge";

    /// <returns>How many records were deleted.</returns>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        var expired = time.GetUtcNow() - options.Value.IdempotencyKeyLifetime;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < expired).ExecuteDeleteAsync(ct);
    }

    /// <summary>One purge; always "nothing more to do", so the loop waits a period before the next.</summary>
    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        var deleted = await PurgeAsync(ct);
        if (deleted > 0) logger.LogInformation("Purged {Count} expired Idempotency-Key records", deleted);
        return false;
    }
}
