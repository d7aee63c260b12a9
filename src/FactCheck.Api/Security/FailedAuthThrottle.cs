using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Security;

/// <summary>
/// Failed authentications per client address: <see cref="AuthOptions.FailuresPerMinute"/> in the minute that starts
/// with an address's first failure. Once an address has spent them, all its requests are refused with 429 until that
/// minute ends, valid keys too: answering a right key while refusing wrong ones would leave guessing at full speed.
/// The minute is counted from the address's own first failure (not from a shared timer), so a burst of guesses
/// always meets the limit at the same count.
/// </summary>
public sealed class FailedAuthThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    const int SweepAbove = 10_000;

    sealed class Tally(DateTimeOffset start)
    {
        public DateTimeOffset Start = start;
        public int Failures;
    }

    readonly ConcurrentDictionary<string, Tally> tallies = new(StringComparer.Ordinal);
    long lastSweepTicks = DateTimeOffset.MinValue.UtcTicks;

    int Limit => options.Value.FailuresPerMinute;

    /// <summary>How long until the address may try again, or null when it is not throttled.</summary>
    public TimeSpan? ThrottledFor(string address)
    {
        if (Limit <= 0 || !tallies.TryGetValue(address, out var tally)) return null;
        lock (tally)
        {
            var left = tally.Start + Window - time.GetUtcNow();
            return left > TimeSpan.Zero && tally.Failures >= Limit ? left : null;
        }
    }

    /// <summary>Counts one failure of the address.</summary>
    public void RecordFailure(string address)
    {
        if (Limit <= 0) return;
        var now = time.GetUtcNow();
        if (tallies.Count > SweepAbove) Sweep(now);
        var tally = tallies.GetOrAdd(address, _ => new Tally(now));
        lock (tally)
        {
            if (now - tally.Start >= Window)
            {
                tally.Start = now;
                tally.Failures = 0;
            }
            tally.Failures++;
        }
    }

    /// <summary>
    /// Forgets addresses whose minute has passed, so a scan from many addresses cannot grow the table without end; at
    /// most once a minute, so a scan from more addresses than that does not walk the table on every failure.
    /// </summary>
    void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref lastSweepTicks);
        if (now.UtcTicks - last < Window.Ticks || Interlocked.CompareExchange(ref lastSweepTicks, now.UtcTicks, last) != last) return;
        foreach (var (address, tally) in tallies)
            if (now - tally.Start >= Window) tallies.TryRemove(new KeyValuePair<string, Tally>(address, tally));
    }

    /// <summary>How many addresses the throttle holds a minute for.</summary>
    public int Tracked => tallies.Count;

    /// <summary>Whole seconds for a Retry-After header, at least one.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
