using System.Net;
using FactCheck.Api.Data;
using FactCheck.Api.Endpoints.Articles;
using FactCheck.Api.Endpoints.Claims;
using FactCheck.Api.Tests.Fetching;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Api.Verification;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FactCheck.Api.Tests.Verification;

/// <summary>End to end: an article, its sources served by WireMock, fetched, verified, read back through the API.</summary>
[Collection(FetchCollection.Name)]
public sealed class VerificationTests(FetchApiFactory factory) : ApiTest(factory)
{
    const string Body = """
        North Korea has shipped 11,000 containers of munitions to Russia since September, according to Source 1. Russia and North Korea signed the treaty in Pyongyang on 19 June 2024 [2]. Putin gave Kim a luxury Aurus limousine as a personal gift (Source 3). US Secretary of State Antony Blinken criticised the visit in a statement on Thursday (Source 4).
        """;

    static string Html(string title, string text) =>
        $"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p><p>More reporting will follow as the story develops.</p></article></body></html>";

    public override async Task InitializeAsync()
    {
        factory.Pages.Reset();
        await base.InitializeAsync();
    }

    void Serve(string path, string title, string text) =>
        factory.Pages.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(Html(title, text)));

    async Task<ArticleResponse> WaitVerifiedAsync(Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ArticleResponse? article = null;
        while (DateTime.UtcNow < deadline)
        {
            article = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{id}"));
            if (article.Status == ArticleStatus.Verified) return article;
            await Task.Delay(200);
        }
        throw new TimeoutException($"the article is still {article?.Status} after 60 s: {article?.Progress}");
    }

    [Fact]
    public async Task Claims_get_evidence_from_their_sources_and_verdicts_that_follow_it()
    {
        Serve("/munitions", "Arms shipments", "North Korea has shipped about 11,000 containers of munitions to Russia since September, officials said on Monday.");
        Serve("/treaty", "Treaty signed", "Russia and North Korea signed the treaty in Pyongyang on 12 July 2024, state media reported.");
        Serve("/football", "Cup final", "The home side won the cup final after extra time in front of a crowd of forty thousand supporters.");
        factory.Pages.Given(Request.Create().WithPath("/statement").UsingGet()).RespondWith(Response.Create().WithStatusCode(404));
        var host = $"v{Guid.NewGuid():N}"[..10] + ".test";

        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            title = "Pact",
            body = Body,
            sources = new object[]
            {
                new { url = factory.UrlOn(host, "/munitions") },
                new { url = factory.UrlOn(host, "/treaty") },
                new { url = factory.UrlOn(host, "/football") },
                new { url = factory.UrlOn(host, "/statement") },
            },
        }));
        var article = await WaitVerifiedAsync(created.Id);

        async Task<ClaimDetail> ClaimAsync(string fragment) =>
            await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{article.Claims.Single(c => c.Text.Contains(fragment, StringComparison.Ordinal)).Id}"));

        var munitions = await ClaimAsync("11,000 containers");
        Assert.Equal("supported", munitions.AutomaticVerdict!.Label);
        var evidence = Assert.Single(munitions.Evidence);
        Assert.Equal("Source 1", evidence.SourceLabel);
        Assert.Equal(Stance.Supports, evidence.Stance);
        Assert.Contains("11,000 containers", evidence.Quote, StringComparison.Ordinal);
        Assert.Null(munitions.Citations.Single().Flag);

        // A source that states a different date refutes, and the citation is flagged.
        var treaty = await ClaimAsync("19 June 2024");
        Assert.Equal("refuted", treaty.AutomaticVerdict!.Label);
        Assert.Equal(Stance.Refutes, treaty.Evidence.Single().Stance);
        Assert.Equal(ClaimVerifier.NotSupportedFlag, treaty.Citations.Single().Flag);

        // An unrelated page gives not enough evidence.
        var gift = await ClaimAsync("Aurus limousine");
        Assert.Equal("not_enough_evidence", gift.AutomaticVerdict!.Label);
        Assert.All(gift.Evidence, e => Assert.Equal(Stance.Neutral, e.Stance));

        // An unreachable source is reported, not counted.
        var statement = await ClaimAsync("Blinken");
        Assert.Equal("not_enough_evidence", statement.AutomaticVerdict!.Label);
        Assert.Contains("could not be fetched", statement.AutomaticVerdict.Rationale, StringComparison.Ordinal);
        Assert.Empty(statement.Evidence);
        Assert.Equal(ClaimVerifier.UnavailableFlag, statement.Citations.Single().Flag);
        Assert.Equal(statement.AutomaticVerdict.Id, statement.CurrentVerdict!.Id);
    }

    [Fact]
    public async Task Quotes_are_offsets_into_the_source_text()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            body = "The treaty obliges Russia and North Korea to help each other if either is attacked.",
            sources = new object[] { new { content = "Leaders met for hours. The treaty obliges Russia and North Korea to help each other if either is attacked. Details were not disclosed." } },
        }));
        var article = await WaitVerifiedAsync(created.Id);

        var claim = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{article.Claims.Single().Id}"));
        var evidence = Assert.Single(claim.Evidence);
        const string source = "Leaders met for hours. The treaty obliges Russia and North Korea to help each other if either is attacked. Details were not disclosed.";
        Assert.Equal("The treaty obliges Russia and North Korea to help each other if either is attacked.", source[evidence.QuoteStart..evidence.QuoteEnd]);
        Assert.Equal(source[evidence.QuoteStart..evidence.QuoteEnd], evidence.Quote);
        Assert.Equal("supported", claim.CurrentVerdict!.Label);
    }
}
