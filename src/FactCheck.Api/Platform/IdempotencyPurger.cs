using FactCheck.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Platform;

/// <summary>
/// Deletes Idempotency-Key records older than their lifetime, so the table holds about a day of keys
/// rather than every key ever sent. A replay after the lifetime is a new request either way.
/// </summary>
public sealed class IdempotencyPurger(IServiceScopeFactory scopes, IOptions<ApiOptions> options, TimeProvider time, ILogger<IdempotencyPurger> logger)
    : BackgroundService
{
    /// <returns>How many records were deleted.</returns>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        var expired = time.GetUtcNow() - options.Value.IdempotencyKeyLifetime;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < expired).ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lifetime = options.Value.IdempotencyKeyLifetime;
        using var timer = new PeriodicTimer(lifetime < TimeSpan.FromHours(1) ? lifetime : TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var deleted = await PurgeAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("Purged {Count} expired Idempotency-Key records", deleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Purging expired Idempotency-Key records failed; trying again at the next tick");
            }
        }
    }
}
