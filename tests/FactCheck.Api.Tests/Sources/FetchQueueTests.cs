using FactCheck.Api.Sources;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Api.Tests.Sources;

/// <summary>The queue's guarantees, with the worker of this factory switched off so the test drives the leases.</summary>
public sealed class IdleQueueFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "false",
        // Long enough that a slow machine finishes the concurrent-claim test inside one lease, short enough to wait out.
        ["Fetching:LeaseDuration"] = "00:00:03",
        ["Verification:WorkerEnabled"] = "false",
    };
}

public sealed class FetchQueueTests(IdleQueueFactory factory) : ApiTest(factory), IClassFixture<IdleQueueFactory>
{
    async Task SeedAsync(int count)
    {
        var urls = Enumerable.Range(0, count).Select(i => (object)new { url = $"https://site{i % 7}.example.org/page/{i}" }).ToArray();
        foreach (var chunk in urls.Chunk(50))
            await Client.PostArticleAsync(Requests.Article(sources: chunk));
    }

    async Task<List<ClaimedDocument>> ClaimAsync(Guid owner, int count)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FetchQueue>().ClaimAsync(owner, count, CancellationToken.None);
    }

    async Task<bool> CompleteAsync(ClaimedDocument document, Guid owner, FetchOutcome outcome)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FetchQueue>().CompleteAsync(document, owner, outcome, CancellationToken.None);
    }

    [Fact]
    public async Task Workers_claiming_at_the_same_time_never_get_the_same_document()
    {
        await SeedAsync(120);
        var owners = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();

        var claims = await Task.WhenAll(owners.Select(o => Task.Run(() => ClaimAsync(o, 25))));

        var ids = claims.SelectMany(c => c.Select(d => d.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(120, ids.Count);
        var leased = await Factory.WithDbAsync(db => db.Documents.CountAsync(d => d.Status == FetchStatus.Fetching && d.LeaseOwner != null));
        Assert.Equal(120, leased);
    }

    [Fact]
    public async Task A_worker_that_dies_holding_a_lease_loses_the_document_when_the_lease_expires()
    {
        await SeedAsync(1);
        var dead = Guid.NewGuid();
        var taken = Assert.Single(await ClaimAsync(dead, 10));

        Assert.Empty(await ClaimAsync(Guid.NewGuid(), 10)); // leased: nobody else may take it
        await Task.Delay(TimeSpan.FromSeconds(3.3));
        var survivor = Guid.NewGuid();
        var retaken = Assert.Single(await ClaimAsync(survivor, 10));

        Assert.Equal(taken.Id, retaken.Id);
        Assert.Equal(2, retaken.Attempts);
        // The dead worker wakes up late: its outcome is ignored; the survivor's is kept.
        Assert.False(await CompleteAsync(taken, dead, new FetchOutcome(FetchOutcomeKind.Permanent, "late")));
        Assert.True(await CompleteAsync(retaken, survivor, new FetchOutcome(FetchOutcomeKind.Fetched, Text: "Fresh text.", HttpStatus: 200)));
        var document = await Factory.WithDbAsync(db => db.Documents.SingleAsync());
        Assert.Equal(FetchStatus.Fetched, document.Status);
        Assert.Equal("Fresh text.", document.Text);
        Assert.Null(document.LeaseOwner);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_later_with_backoff_and_fails_after_the_last_attempt()
    {
        await SeedAsync(1);
        var owner = Guid.NewGuid();
        var claimed = Assert.Single(await ClaimAsync(owner, 1));

        await CompleteAsync(claimed, owner, new FetchOutcome(FetchOutcomeKind.Transient, "HTTP 503", 503));
        var pending = await Factory.WithDbAsync(db => db.Documents.SingleAsync());
        Assert.Equal(FetchStatus.Pending, pending.Status);
        Assert.True(pending.NextAttemptAt > pending.UpdatedAt);
        Assert.Empty(await ClaimAsync(owner, 1)); // not due yet

        await Factory.WithDbAsync(db => db.Documents.ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)).SetProperty(d => d.Attempts, 4)));
        var last = Assert.Single(await ClaimAsync(owner, 1));
        await CompleteAsync(last, owner, new FetchOutcome(FetchOutcomeKind.Transient, "HTTP 503", 503));

        var failed = await Factory.WithDbAsync(db => db.Documents.SingleAsync());
        Assert.Equal(FetchStatus.Failed, failed.Status);
        Assert.Equal("gave up after 5 attempts: HTTP 503", failed.LastError);
    }
}
