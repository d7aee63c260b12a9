using FactCheck.Api.Platform;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.Platform;

/// <summary>The lease queue the fetch, verification and delivery workers share, on a table of its own in a real PostgreSQL.</summary>
public sealed class LeaseQueueTests : IAsyncLifetime
{
    string database = "";

    static readonly LeaseQueue Queue = new("lease_test_jobs",
        Lease: "lease_owner = @owner, lease_until = @until, attempts = d.attempts + 1",
        Due: "x.done = false AND (x.lease_until IS NULL OR x.lease_until < @now)",
        Order: "x.id");

    sealed record Job(Guid Id, int Attempts);

    public async Task InitializeAsync()
    {
        database = await Infrastructure.TestDatabase.CreateDatabaseAsync("factcheck_lease");
        await using var db = DatabaseExtensions.CreateContext(database);
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE lease_test_jobs (id uuid PRIMARY KEY, done boolean NOT NULL DEFAULT false, lease_owner uuid,
                lease_until timestamptz, attempts int NOT NULL DEFAULT 0);
            INSERT INTO lease_test_jobs (id) SELECT gen_random_uuid() FROM generate_series(1, 200);
            """);
    }

    public Task DisposeAsync() => Infrastructure.TestDatabase.DropDatabaseAsync(database);

    [Fact]
    public async Task Concurrent_workers_take_every_due_row_once_and_an_expired_lease_makes_a_row_due_again()
    {
        var now = DateTimeOffset.UtcNow;
        // Eight workers, each its own connection, claiming ten at a time until nothing is due.
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            var owner = Guid.NewGuid();
            var taken = new List<Guid>();
            await using var db = DatabaseExtensions.CreateContext(database);
            while (true)
            {
                var jobs = await Queue.ClaimAsync<Job>(db.Database, owner, now, now.AddMinutes(5), 10, "d.id, d.attempts", default);
                if (jobs.Count == 0) return (owner, taken);
                Assert.All(jobs, j => Assert.Equal(1, j.Attempts));
                taken.AddRange(jobs.Select(j => j.Id));
            }
        }).ToList();
        var results = await Task.WhenAll(workers);
        var all = results.SelectMany(r => r.taken).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());

        await using var check = DatabaseExtensions.CreateContext(database);
        var owners = await check.Database.SqlQueryRaw<Guid>("SELECT lease_owner AS \"Value\" FROM lease_test_jobs").ToListAsync();
        Assert.All(owners, o => Assert.Contains(o, results.Select(r => r.owner)));
        // Nothing is due while the leases hold; once they end (a worker died), every unfinished row is due again.
        Assert.Empty(await Queue.ClaimAsync<Job>(check.Database, Guid.NewGuid(), now.AddMinutes(1), now.AddMinutes(6), 500, "d.id, d.attempts", default));
        await check.Database.ExecuteSqlRawAsync("UPDATE lease_test_jobs SET done = true WHERE id IN (SELECT id FROM lease_test_jobs ORDER BY id LIMIT 50)");
        var retaken = await Queue.ClaimAsync<Job>(check.Database, Guid.NewGuid(), now.AddMinutes(10), now.AddMinutes(15), 500, "d.id, d.attempts", default);
        Assert.Equal(150, retaken.Count);
        Assert.All(retaken, j => Assert.Equal(2, j.Attempts));
    }
}
