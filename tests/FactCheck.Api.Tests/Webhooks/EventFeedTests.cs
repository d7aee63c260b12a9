using System.Collections.Concurrent;
using FactCheck.Api.Events;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Api.Tests.Webhooks;

/// <summary>
/// The events cursor without a global writers' lock (issue 30): writers commit concurrently, each in its own
/// session; the feed places an event only once its transaction has ended (<c>Events.EventFeed</c>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EventFeedTests(ApiFactory factory) : ApiTest(factory)
{
    sealed record Seen(Guid Id, long Sequence);

    /// <summary>Writes one event of <paramref name="articleId"/> in a transaction of its own scope (its own session), held open until <paramref name="release"/>.</summary>
    async Task<Guid> WriteAsync(Guid articleId, Task release, bool commit, TaskCompletionSource? inserted = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var change = ChangeEvents.Record(db, EventTypes.ClaimStatusChanged, articleId, null,
            new ClaimStatusChangedData(Guid.NewGuid(), articleId, "unreviewed", "in_review"), DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        inserted?.SetResult();
        await release;
        if (commit) await transaction.CommitAsync(); else await transaction.RollbackAsync();
        return change.Id;
    }

    async Task<List<Seen>> ReadUntilAsync(Guid articleId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<Seen> seen;
        while ((seen = await ReadAfterAsync(articleId, 0)).Count < count && DateTime.UtcNow < deadline) await Task.Delay(50);
        return seen;
    }

    async Task<List<Seen>> ReadAfterAsync(Guid articleId, long after)
    {
        var page = await ReadJsonAsync(await Client.GetAsync($"/api/v1/events?after={after}&limit=500&articleId={articleId}"));
        return [.. page.GetProperty("events").EnumerateArray().Select(e => new Seen(e.GetProperty("id").GetGuid(), e.GetProperty("sequence").GetInt64()))];
    }

    [Fact]
    public async Task An_event_committed_while_an_older_transaction_is_open_waits_for_it_so_no_cursor_passes_the_older_event()
    {
        var article = Guid.NewGuid();
        var holdFirst = new TaskCompletionSource();
        var firstInserted = new TaskCompletionSource();
        // The first writer inserts its event and stays open; the second inserts after it and commits at once.
        var first = WriteAsync(article, holdFirst.Task, commit: true, firstInserted);
        await firstInserted.Task;
        var second = await WriteAsync(article, Task.CompletedTask, commit: true);

        // Committed, but an older transaction is still running: not placed, so no reader's cursor can move past the first event.
        Assert.Empty(await ReadAfterAsync(article, 0));
        holdFirst.SetResult();
        var firstId = await first;

        // Placed once every older transaction has ended: other tests' transactions on the same server count too.
        var seen = await ReadUntilAsync(article, 2);
        Assert.Equal([firstId, second], seen.Select(s => s.Id));
        Assert.True(seen[0].Sequence < seen[1].Sequence);
    }

    [Fact]
    public async Task Readers_following_the_cursor_see_every_committed_event_once_in_order_while_writers_commit_concurrently()
    {
        var article = Guid.NewGuid();
        var committed = new ConcurrentBag<Guid>();
        var rolledBack = new ConcurrentBag<Guid>();
        var writing = true;

        async Task Writer(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < 25; i++)
            {
                var commit = random.NextDouble() < 0.8;
                var id = await WriteAsync(article, Task.Delay(random.Next(0, 25)), commit);
                (commit ? committed : rolledBack).Add(id);
            }
        }

        async Task<List<Seen>> Reader()
        {
            var seen = new List<Seen>();
            long cursor = 0;
            // Until the writers are done and every committed event has been read (or 60 s: a missed event fails below);
            // events appear once every older transaction on the server has ended, other tests' included.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((writing || seen.Count < committed.Count) && DateTime.UtcNow < deadline)
            {
                var page = await ReadAfterAsync(article, cursor);
                if (page.Count > 0) { seen.AddRange(page); cursor = page[^1].Sequence; }
                await Task.Delay(5);
            }
            // One more read: nothing may come after the last committed event (no duplicates, nothing rolled back).
            seen.AddRange(await ReadAfterAsync(article, cursor));
            return seen;
        }

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(Reader)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(seed => Task.Run(() => Writer(seed))));
        writing = false;
        var results = await Task.WhenAll(readers);

        Assert.True(committed.Count > 100 && rolledBack.Count > 0, $"{committed.Count} committed, {rolledBack.Count} rolled back");
        foreach (var seen in results)
        {
            Assert.Equal(seen.Count, seen.Select(s => s.Id).Distinct().Count());
            Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequences not increasing");
            Assert.Equal(committed.OrderBy(x => x), seen.Select(s => s.Id).OrderBy(x => x));
            Assert.DoesNotContain(seen, s => rolledBack.Contains(s.Id));
        }
        // One order for everyone: every reader saw the same sequence for each event.
        Assert.All(results.Skip(1), r => Assert.Equal(results[0], r));
        // And the feed has no gaps.
        var positions = await Factory.WithDbAsync(db => db.ChangeEvents.Where(e => e.Position != null).OrderBy(e => e.Position).Select(e => e.Position!.Value).ToListAsync());
        Assert.Equal(Enumerable.Range(1, positions.Count).Select(i => (long)i), positions);
    }
}
