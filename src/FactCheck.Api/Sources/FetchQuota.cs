using FactCheck.Api.Security;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Sources;

/// <summary>
/// The cap on pages one key may have waiting to be fetched. Checked inside the transaction that queued
/// them, after a per-key advisory lock: two concurrent submissions by one key are counted one after the other.
/// </summary>
public static class FetchQuota
{
    /// <returns>The key's pending fetches if they exceed <paramref name="cap"/> (the caller rolls back), else null.</returns>
    public static async Task<int?> ExceededAsync(FactCheckDbContext db, Caller caller, int cap, CancellationToken ct)
    {
        var lockKey = caller.KeyId.ToString();
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 7))", ct);
        var pending = await db.Documents.CountAsync(d => d.RequestedBy == caller.KeyId
            && (d.Status == FetchStatus.Pending || d.Status == FetchStatus.Fetching), ct);
        return pending > cap ? pending : null;
    }

    /// <summary>
    /// Saves, then commits the transaction unless the change queued a page (<paramref name="queued"/>) past the key's cap:
    /// then rolls back and returns the 429 answer.
    /// </summary>
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> SaveAndCommitAsync(FactCheckDbContext db,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Caller caller, bool queued, int cap, HttpContext http, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        if (queued && await ExceededAsync(db, caller, cap, ct) is { } tooMany)
        {
            await transaction.RollbackAsync(ct);
            return TooMany(http, tooMany, cap);
        }
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>The 429 answer, with Retry-After.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(HttpContext http, int pending, int cap)
    {
        http.Response.Headers.RetryAfter = "30";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many pending fetches.",
            detail: $"With this request the key would have {pending} pages waiting to be fetched (limit {cap}). Nothing was stored; retry when some have been fetched.");
    }
}
