using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FactCheck.Api.Tests.Sources;

[Collection(FetchCollection.Name)]
public sealed class DripTests(FetchApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_body_that_drips_slowly_is_abandoned_and_fails_after_the_last_attempt()
    {
        var url = $"http://drip.test:{factory.Drip.Port}/story";

        await Client.PostArticleAsync(Requests.Article(sources: [new { url }]));
        var document = await factory.WaitForDocumentAsync("http://drip.test", d => d.Status == FetchStatus.Failed, seconds: 30);

        Assert.Contains("came too slowly", document.LastError, StringComparison.Ordinal);
        Assert.Equal(3, document.Attempts);
        Assert.True(factory.Drip.Requests >= 3);
    }
}

/// <summary>Polly's chaos strategy, seeded, answers half of all attempts with 503: every page still ends fetched.</summary>
public sealed class ChaosFactory : FetchApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Fetching:ChaosFaultRate"] = "0.5";
            settings["Fetching:ChaosSeed"] = "7";
            settings["Fetching:HttpRetries"] = "0";
            settings["Fetching:MaxAttempts"] = "12";
            settings["Fetching:BaseBackoff"] = "00:00:00.050";
            settings["Fetching:MaxBackoff"] = "00:00:00.300";
            settings["Fetching:BreakerMinimumThroughput"] = "1000";
            return settings;
        }
    }
}

public sealed class ChaosTests(ChaosFactory factory) : ApiTest(factory), IClassFixture<ChaosFactory>
{
    [Fact]
    public async Task Injected_faults_are_retried_until_every_page_is_fetched()
    {
        factory.Pages.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "text/html").WithBody("<html><body><p>The treaty was signed in Pyongyang on Wednesday by both leaders.</p></body></html>"));
        var urls = Enumerable.Range(0, 12).Select(i => (object)new { url = factory.UrlOn($"chaos{i % 3}.test", $"/page{i}") }).ToArray();

        await Client.PostArticleAsync(Requests.Article(sources: urls));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<Document> documents;
        do
        {
            await Task.Delay(200);
            documents = await factory.WithDbAsync(db => db.Documents.AsNoTracking().ToListAsync());
        } while (documents.Any(d => d.Status != FetchStatus.Fetched) && DateTime.UtcNow < deadline);

        Assert.All(documents, d => Assert.Equal(FetchStatus.Fetched, d.Status));
        Assert.Contains(documents, d => d.Attempts > 1); // faults were injected and survived
    }
}
