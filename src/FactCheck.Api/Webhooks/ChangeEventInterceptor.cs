using System.Data.Common;
using System.Runtime.CompilerServices;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace FactCheck.Api.Webhooks;

/// <summary>
/// Queues change events' deliveries inside the transaction of the change, without a lock: writers commit
/// concurrently, and the feed's order is given after commit (<c>Events.EventFeed</c>, by transaction id).
/// <list type="bullet">
/// <item>Events are saved in an explicit transaction with the change they describe (and their deliveries): saving
/// them without one is a defect.</item>
/// <item>After they are inserted, one delivery per event and enabled subscription that wants its type.</item>
/// <item>After the commit, the delivery worker is woken.</item>
/// </list>
/// </summary>
public sealed class ChangeEventInterceptor(DeliverySignal? signal) : SaveChangesInterceptor
{
    readonly ConditionalWeakTable<DbContext, List<ChangeEvent>> adding = new();
    readonly ConditionalWeakTable<DbTransaction, object> withEvents = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        if (eventData.Context is FactCheckDbContext db)
        {
            var added = db.ChangeTracker.Entries<ChangeEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (added.Count > 0)
            {
                var transaction = db.Database.CurrentTransaction
                    ?? throw new InvalidOperationException("Change events must be saved in an explicit transaction with the change they describe.");
                adding.AddOrUpdate(db, added);
                withEvents.AddOrUpdate(transaction.GetDbTransaction(), new object());
            }
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context?.ChangeTracker.Entries<ChangeEvent>().Any(e => e.State == EntityState.Added) == true
            ? throw new InvalidOperationException("Change events are saved with SaveChangesAsync.")
            : result;

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context is FactCheckDbContext db && adding.TryGetValue(db, out var added))
        {
            adding.Remove(db);
            var sequences = added.Select(e => e.Sequence).ToArray();
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO webhook_deliveries (id, subscription_id, event_sequence, ordering_key, status, attempts, next_attempt_at, created_at)
                SELECT gen_random_uuid(), s.id, e.sequence, coalesce(e.article_id, e.id), 'pending', 0, e.created_at, e.created_at
                FROM change_events e JOIN webhook_subscriptions s ON s.enabled AND e.type = ANY(s.event_types)
                WHERE e.sequence = ANY({sequences})
                """, ct);
        }
        return result;
    }

    /// <summary>Register with the save interceptor: wakes the delivery worker once a transaction with events committed.</summary>
    public IInterceptor Commits => commits ??= new CommitInterceptor(this);
    CommitInterceptor? commits;

    void Committed(DbTransaction transaction)
    {
        if (withEvents.TryGetValue(transaction, out _))
        {
            withEvents.Remove(transaction);
            signal?.Notify();
        }
    }

    sealed class CommitInterceptor(ChangeEventInterceptor owner) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => owner.Committed(transaction);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            owner.Committed(transaction);
            return Task.CompletedTask;
        }
    }
}

/// <summary>Wakes the webhook delivery worker when events committed.</summary>
public sealed class DeliverySignal : Platform.WorkSignal;
