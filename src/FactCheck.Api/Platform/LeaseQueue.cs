using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace FactCheck.Api.Platform;

/// <summary>
/// A table used as a durable work queue: <see cref="ClaimAsync{T}"/> takes up to <c>limit</c> due rows for one
/// worker in one statement (<c>FOR UPDATE SKIP LOCKED</c>: concurrent workers, in this process or another, never take
/// the same row and never wait on each other), writes the worker's lease on them, and returns what the worker needs.
/// A worker that dies loses its rows when the lease ends: <see cref="Due"/> counts an expired lease as due. Whoever
/// finishes a row writes its outcome only while the lease is still its own. The fetch queue (documents), the
/// verification queue (articles) and webhook deliveries are three of these.
/// </summary>
/// <param name="Table">The queue's table (a constant of the code, never input).</param>
/// <param name="Lease">The SET list that takes a row: may use <c>@owner</c>, <c>@now</c> and <c>@until</c> (the lease end), and <c>d.</c> for the row.</param>
/// <param name="Due">Which rows are due, over <c>x</c> (and what <paramref name="Join"/> names): may use <c>@now</c>.</param>
/// <param name="Order">Which due rows go first.</param>
/// <param name="Join">Tables joined to decide what is due, e.g. an enabled subscription (their rows are not locked).</param>
public sealed record LeaseQueue(string Table, string Lease, string Due, string Order, string? Join = null)
{
    /// <summary>Takes up to <paramref name="limit"/> due rows for <paramref name="owner"/> until <paramref name="until"/>; <paramref name="returning"/> lists the columns of <typeparamref name="T"/> (over <c>d</c>).</summary>
    public Task<List<T>> ClaimAsync<T>(DatabaseFacade database, Guid owner, DateTimeOffset now, DateTimeOffset until, int limit, string returning, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var sql = $"""
            UPDATE {Table} AS d
            SET {Lease}
            WHERE d.id IN (
                SELECT x.id FROM {Table} x {Join}
                WHERE {Due}
                ORDER BY {Order}
                LIMIT @limit
                FOR UPDATE OF x SKIP LOCKED)
            RETURNING {returning}
            """;
        return database.SqlQueryRaw<T>(sql,
            new NpgsqlParameter("owner", owner), new NpgsqlParameter("now", now), new NpgsqlParameter("until", until),
            new NpgsqlParameter("limit", limit)).ToListAsync(ct);
    }
}
