using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Platform;

/// <summary>
/// Transient conflicts between two valid writes are retried, not reported: a request whose unit of work meets a deadlock
/// (40P01) or a serialisation failure (40001) is run again whole (read, decide, write, with the same If-Match
/// compare-and-set), up to <see cref="Attempts"/> times with a short jittered wait, before anything is written to the
/// client. Its change tracker is cleared between attempts, and the request body is buffered so it binds again. Only
/// when every attempt conflicts does the client see the 503 of an unavailable database.
/// </summary>
public sealed class ConflictRetryMiddleware(RequestDelegate next, ILogger<ConflictRetryMiddleware> logger)
{
    public const int Attempts = 4;

    public async Task InvokeAsync(HttpContext context)
    {
        var writes = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        if (!writes)
        {
            await next(context);
            return;
        }
        context.Request.EnableBuffering();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception e) when (attempt < Attempts && IsConflict(e) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                logger.LogInformation("A write conflict ({State}) on {Method} {Path}: attempt {Attempt} of {Attempts} runs again",
                    StateOf(e), context.Request.Method, context.Request.Path, attempt + 1, Attempts);
                if (context.RequestServices?.GetService<Data.FactCheckDbContext>() is { } db)
                {
                    if (db.Database.CurrentTransaction is { } transaction) await transaction.DisposeAsync();
                    db.ChangeTracker.Clear();
                }
                context.Request.Body.Position = 0;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), context.RequestAborted);
            }
        }
    }

    /// <summary>A deadlock or a serialisation failure anywhere in the exception's chain.</summary>
    public static bool IsConflict(Exception exception) => StateOf(exception) is Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure;

    static string? StateOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException postgres) return postgres.SqlState;
        return null;
    }
}
