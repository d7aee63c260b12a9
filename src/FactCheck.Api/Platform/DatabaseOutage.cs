namespace FactCheck.Api.Platform;

/// <summary>
/// What an operator reads while PostgreSQL is down: one line when the outage is first seen (its reason, no stack
/// trace: an outage is not a defect of this code), one summary line a minute while it lasts (how many requests were
/// answered 503, how many background passes waited), and one line when the database answers again. Without it,
/// every request and every worker pass wrote a 4 KB stack trace, dozens a second, and the one line that mattered
/// was lost.
/// </summary>
public sealed class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger)
{
    /// <summary>How often a summary line is written while the outage lasts.</summary>
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    readonly Lock gate = new();
    DateTimeOffset? since;
    DateTimeOffset lastLine;
    int requests, passes, totalRequests;

    public bool IsActive { get { lock (gate) return since is not null; } }

    /// <summary>A request answered 503 (<paramref name="background"/>: a worker's pass that could not reach the database).</summary>
    public void Report(Exception exception, string where, bool background = false)
    {
        var now = time.GetUtcNow();
        string? first = null, summary = null;
        int r, p;
        lock (gate)
        {
            if (background) passes++; else { requests++; totalRequests++; }
            (r, p) = (requests, passes);
            if (since is null)
            {
                since = lastLine = now;
                first = where;
                requests = passes = 0;
            }
            else if (now - lastLine >= SummaryInterval)
            {
                summary = where;
                lastLine = now;
                requests = passes = 0;
            }
        }
        if (first is not null)
            logger.LogWarning("The database is unavailable ({Reason}; first seen on {Where}): requests get 503 with Retry-After and background work waits. A summary follows once a minute until it answers",
                Reason(exception), first);
        else if (summary is not null)
            logger.LogWarning("The database is still unavailable ({Reason}): {Requests} requests answered 503 and {Passes} background passes waited in the last minute",
                Reason(exception), r, p);
    }

    /// <summary>The database answered: ends an outage, if one was on.</summary>
    public void Recovered()
    {
        DateTimeOffset? started;
        int total;
        lock (gate)
        {
            if (since is null) return;
            (started, total, since, requests, passes, totalRequests) = (since, totalRequests, null, 0, 0, 0);
        }
        logger.LogInformation("The database answers again after {Seconds} s of outage ({Requests} requests were answered 503)",
            (int)(time.GetUtcNow() - started!.Value).TotalSeconds, total);
    }

    /// <summary>The innermost message that says why (a refused connection, a shutdown), on one line.</summary>
    public static string Reason(Exception exception)
    {
        var reason = exception;
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or System.IO.IOException) reason = e;
        var message = reason.Message.ReplaceLineEndings(" ");
        return $"{reason.GetType().Name}: {(message.Length > 300 ? message[..300] + "…" : message)}";
    }
}
