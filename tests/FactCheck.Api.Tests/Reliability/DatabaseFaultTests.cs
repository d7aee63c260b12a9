using System.Net;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Npgsql;

namespace FactCheck.Api.Tests.Reliability;

/// <summary>
/// The database going away under requests: every connection of the service's database terminated by the server
/// (what a restart, a failover or an administrator does: PostgreSQL answers 57P01 on each pooled connection) while
/// four clients read and write. Every answer is a success or a 503 with Retry-After; never a 500.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseFaultTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Terminated_connections_are_503_with_retry_after_never_500()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        var database = new NpgsqlConnectionStringBuilder(Factory.ConnectionString).Database!;
        var admin = new NpgsqlConnectionStringBuilder(Factory.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var terminations = 0;

        var killer = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                await using (var connection = new NpgsqlConnection(admin))
                {
                    await connection.OpenAsync();
                    await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @d AND pid <> pg_backend_pid()", connection);
                    kill.Parameters.AddWithValue("d", database);
                    terminations += Convert.ToInt32(await kill.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                }
                await Task.Delay(150);
            }
        });
        var clients = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            using var client = Factory.CreateClient();
            while (!cts.IsCancellationRequested)
            {
                using var response = i % 2 == 0
                    ? await client.GetAsync("/api/v1/claims?limit=5")
                    : await client.PostArticleAsync(Requests.Article());
                statuses.Add((response.StatusCode, response.Headers.RetryAfter?.ToString(), await response.Content.ReadAsStringAsync()));
            }
        })).ToList();
        await Task.WhenAll(clients.Append(killer));
        // Connections the killer terminated may still sit idle in this process's pools: later tests of the collection must not meet them.
        NpgsqlConnection.ClearAllPools();

        Assert.True(terminations > 0, "no connection was terminated: the fault was not exercised");
        var failures = statuses.Where(s => (int)s.Status >= 500 && s.Status != HttpStatusCode.ServiceUnavailable).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {statuses.Count} requests failed: {string.Join(" | ", failures.Take(3).Select(f => $"{(int)f.Status} {f.Body[..Math.Min(200, f.Body.Length)]}"))}");
        Assert.All(statuses.Where(s => s.Status == HttpStatusCode.ServiceUnavailable), s => Assert.NotNull(s.RetryAfter));
        Assert.Contains(statuses, s => s.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted);

        // And the service is whole again once the database is.
        using var after = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/v1/claims?limit=5")).StatusCode);
    }
}
