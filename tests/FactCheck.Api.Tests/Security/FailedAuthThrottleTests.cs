using FactCheck.Api.Security;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Tests.Security;

/// <summary>The throttle on its own, on a clock the test moves, so the minute's edges are exact.</summary>
public sealed class FailedAuthThrottleTests
{
    sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    static FailedAuthThrottle Throttle(Clock clock, int perMinute = 3) =>
        new(Options.Create(new AuthOptions { FailuresPerMinute = perMinute }), clock);

    [Fact]
    public void The_minute_starts_with_the_first_failure_and_retry_after_counts_down_to_its_end()
    {
        var clock = new Clock();
        var throttle = Throttle(clock);
        throttle.RecordFailure("203.0.113.7");
        clock.Now += TimeSpan.FromSeconds(20);
        throttle.RecordFailure("203.0.113.7");
        Assert.Null(throttle.ThrottledFor("203.0.113.7"));
        throttle.RecordFailure("203.0.113.7");

        Assert.Equal(TimeSpan.FromSeconds(40), throttle.ThrottledFor("203.0.113.7"));
        Assert.Null(throttle.ThrottledFor("198.51.100.1"));
        clock.Now += TimeSpan.FromSeconds(39.5);
        Assert.Equal(1, FailedAuthThrottle.Seconds(throttle.ThrottledFor("203.0.113.7")!.Value));
        clock.Now += TimeSpan.FromSeconds(0.5);
        Assert.Null(throttle.ThrottledFor("203.0.113.7"));

        // A new minute starts with the next failure and allows the full count again.
        throttle.RecordFailure("203.0.113.7");
        throttle.RecordFailure("203.0.113.7");
        Assert.Null(throttle.ThrottledFor("203.0.113.7"));
        throttle.RecordFailure("203.0.113.7");
        Assert.Equal(TimeSpan.FromMinutes(1), throttle.ThrottledFor("203.0.113.7"));
    }

    [Fact]
    public void Zero_turns_the_throttle_off_and_stale_addresses_are_forgotten()
    {
        var clock = new Clock();
        var off = Throttle(clock, perMinute: 0);
        for (var i = 0; i < 50; i++) off.RecordFailure("203.0.113.7");
        Assert.Null(off.ThrottledFor("203.0.113.7"));

        var throttle = Throttle(clock, perMinute: 1);
        for (var i = 0; i <= 10_000; i++) throttle.RecordFailure($"addr-{i}");
        Assert.NotNull(throttle.ThrottledFor("addr-0"));
        clock.Now += TimeSpan.FromMinutes(2);
        throttle.RecordFailure("late");
        Assert.Equal(1, throttle.Tracked);
    }
}
