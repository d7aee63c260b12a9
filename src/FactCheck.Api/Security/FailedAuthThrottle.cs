using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Security;

/// <summary>
/// Failed authentications per client address (a token bucket of <see cref="AuthOptions.FailuresPerMinute"/> a minute).
/// Once an address has spent it, all its requests are refused with 429 until the bucket refills, valid keys too:
/// answering a right key while refusing wrong ones would leave guessing at full speed.
/// </summary>
public sealed class FailedAuthThrottle(IOptions<AuthOptions> options) : IDisposable
{
    readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Value.FailuresPerMinute),
            TokensPerPeriod = Math.Max(1, options.Value.FailuresPerMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    bool Enabled => options.Value.FailuresPerMinute > 0;

    /// <summary>True when the address has no failures left this minute.</summary>
    public bool IsThrottled(string address) => Enabled && limiter.GetStatistics(address)?.CurrentAvailablePermits == 0;

    /// <summary>Counts one failure of the address.</summary>
    public void RecordFailure(string address)
    {
        if (!Enabled) return;
        using var lease = limiter.AttemptAcquire(address);
    }

    /// <summary>How long until the address may try again (the bucket refills each minute).</summary>
    public static TimeSpan RetryAfter => TimeSpan.FromMinutes(1);

    public void Dispose() => limiter.Dispose();
}
