using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Events;

/// <summary>
/// The events feed's order, without serialising writers. A transaction that writes change events takes no lock: each
/// event row records its transaction id (<c>transaction_id</c>, <c>pg_current_xact_id()</c> by default). Positions
/// are given afterwards, here, only to events whose transaction is older than the oldest one still running
/// (<c>pg_snapshot_xmin(pg_current_snapshot())</c>): such a transaction has ended, so no event of it, nor of any
/// older one, can still appear. They are numbered on from the highest position given, in transaction then insert
/// order, by one placer at a time (a transaction-level advisory lock that only placers take). So positions only grow,
/// have no gaps, and a reader that has read up to position p has seen every event that will ever be below p;
/// events of a rolled-back transaction are never placed (they were never committed).
/// </summary>
public static class EventFeed
{
    /// <summary>Arbitrary, fixed: the advisory lock key of placers (never taken by writers).</summary>
    public const long PlacerLockKey = 7320004;

    /// <summary>Places the events whose transactions have ended; returns how many. Another placer at work: returns 0 at once (it places them).</summary>
    public static async Task<int> PlaceAsync(FactCheckDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Events are placed in a transaction of their own.");
        // The common case on every reader's and delivery worker's pass: nothing waits to be placed (a partial index answers).
        if (!await db.ChangeEvents.AnyAsync(e => e.Position == null, ct)) return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({PlacerLockKey}) AS \"Value\"").SingleAsync(ct);
        if (!locked) return 0;
        // A statement of its own: under READ COMMITTED it sees every placement committed before the lock was taken.
        var placed = await db.Database.ExecuteSqlAsync(
            $"""
            WITH ended AS (
                SELECT sequence, row_number() OVER (ORDER BY transaction_id, sequence) AS n
                FROM change_events
                WHERE position IS NULL AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())),
            top AS (SELECT coalesce(max(position), 0) AS p FROM change_events)
            UPDATE change_events e SET position = top.p + ended.n
            FROM ended, top
            WHERE e.sequence = ended.sequence
            """, ct);
        await transaction.CommitAsync(ct);
        return placed;
    }
}
