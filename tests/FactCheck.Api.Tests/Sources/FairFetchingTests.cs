using System.Net;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FactCheck.Api.Tests.Sources;

/// <summary>Failing pages that keep being retried for long (many attempts, short backoff), and a breaker that opens quickly.</summary>
public sealed class PersistentRetryFactory : FetchApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Fetching:MaxAttempts"] = "50";
            settings["Fetching:BaseBackoff"] = "00:00:00.200";
            settings["Fetching:MaxBackoff"] = "00:00:00.800";
            settings["Fetching:BreakerMinimumThroughput"] = "3";
            settings["Fetching:BreakerBreakDuration"] = "00:00:02";
            settings["Fetching:MaxConcurrencyPerHost"] = "2";
            return settings;
        }
    }
}

/// <summary>A host's circuit, opened by some of its pages, must not starve its other pages (issue 30).</summary>
public sealed class FairFetchingTests(PersistentRetryFactory factory) : ApiTest(factory), IClassFixture<PersistentRetryFactory>
{
    [Fact]
    public async Task Healthy_pages_of_a_host_are_fetched_while_its_failing_pages_keep_failing()
    {
        var host = $"f{Guid.NewGuid():N}"[..12] + ".test";
        for (var i = 0; i < 6; i++)
            factory.Pages.Given(Request.Create().WithPath($"/broken{i}").UsingGet()).RespondWith(Response.Create().WithStatusCode(500));
        for (var i = 0; i < 30; i++)
            factory.Pages.Given(Request.Create().WithPath($"/page{i}").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader("Content-Type", "text/html").WithBody($"<html><body><article><p>Page {i} says the port handled 41.2 million tonnes of cargo.</p></article></body></html>"));
        // The failing pages first, so their failures open the host's circuit before the healthy pages are tried.
        var sources = Enumerable.Range(0, 6).Select(i => (object)new { url = factory.UrlOn(host, $"/broken{i}") })
            .Concat(Enumerable.Range(0, 30).Select(i => (object)new { url = factory.UrlOn(host, $"/page{i}") })).ToArray();
        var response = await Client.PostArticleAsync(Requests.Article(body: "The port handled 41.2 million tonnes of cargo.", sources: sources));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // Before this change the healthy pages took about 37 s here and a broken page waited behind the open circuit for as long.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<Document> documents;
        do
        {
            await Task.Delay(250);
            documents = await factory.WithDbAsync(db => db.Documents.AsNoTracking().Where(d => d.NormalizedUrl!.StartsWith($"http://{host}")).ToListAsync());
        }
        while (DateTime.UtcNow < deadline && documents.Count(d => d.Url!.Contains("/page", StringComparison.Ordinal) && d.Status == FetchStatus.Fetched) < 30);
        var fetchedAfter = DateTime.UtcNow;
        // Then the failing pages keep failing: each is tried again (not left waiting behind an open circuit). A pass the
        // open circuit deferred counts as an attempt too, so wait until each one's latest attempt reached the server.
        while (DateTime.UtcNow < deadline.AddSeconds(10) && documents.Any(d => d.Url!.Contains("/broken", StringComparison.Ordinal)
                   && (d.Attempts < 2 || !(d.LastError ?? "").Contains("HTTP 500", StringComparison.Ordinal))))
        {
            await Task.Delay(250);
            documents = await factory.WithDbAsync(db => db.Documents.AsNoTracking().Where(d => d.NormalizedUrl!.StartsWith($"http://{host}")).ToListAsync());
        }

        var healthy = documents.Where(d => d.Url!.Contains("/page", StringComparison.Ordinal)).ToList();
        Assert.True(healthy.Count == 30 && fetchedAfter <= deadline, $"healthy pages fetched by {fetchedAfter:HH:mm:ss}, deadline {deadline:HH:mm:ss}");
        var broken = documents.Where(d => d.Url!.Contains("/broken", StringComparison.Ordinal)).ToList();
        Assert.True(healthy.All(d => d.Status == FetchStatus.Fetched),
            $"{healthy.Count(d => d.Status == FetchStatus.Fetched)} of 30 healthy pages fetched in 20 s; waiting: " +
            string.Join("; ", healthy.Where(d => d.Status != FetchStatus.Fetched).Take(3).Select(d => $"{d.Status} after {d.Attempts} attempts: {d.LastError}")));
        // The failing pages were tried more than once and still fail (they have attempts to spare).
        Assert.All(broken, d => Assert.True(d.Attempts >= 2 && d.Status is FetchStatus.Pending or FetchStatus.Fetching, $"{d.Status}, {d.Attempts} attempts"));
        Assert.All(broken, d => Assert.Contains("HTTP 500", d.LastError ?? "", StringComparison.Ordinal));
    }
}
