namespace FactCheck.Api.Platform;

/// <summary>The service's clock reading, as every slice stores it.</summary>
public static class Timestamps
{
    /// <summary>Now, truncated to PostgreSQL's microsecond precision so values round-trip exactly (cursors rely on it).</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
