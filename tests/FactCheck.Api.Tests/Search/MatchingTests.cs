using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.Search;

[Collection(ApiCollection.Name)]
public sealed class MatchingTests(ApiFactory factory) : ApiTest(factory)
{
    static object Review(string claim, string url, string rating, string author = "Example Checks") => new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ClaimReview",
        ["claimReviewed"] = claim,
        ["url"] = url,
        ["datePublished"] = "2024-03-01",
        ["author"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = author },
        ["reviewRating"] = new Dictionary<string, object> { ["@type"] = "Rating", ["alternateName"] = rating, ["ratingValue"] = 1, ["bestRating"] = 5, ["worstRating"] = 1 },
        ["itemReviewed"] = new Dictionary<string, object>
        {
            ["@type"] = "Claim",
            ["author"] = new Dictionary<string, object> { ["@type"] = "Person", ["name"] = "A Politician" },
            ["datePublished"] = "2024-02-20",
            ["appearance"] = new[] { new Dictionary<string, object> { ["@type"] = "CreativeWork", ["url"] = "https://social.example.com/post/1" } },
        },
    };

    static readonly object[] Archive =
    [
        Review("Unemployment in Spain rose to 14 percent in 2023.", "https://checks.example.org/spain-unemployment", "Mostly False"),
        Review("The Eiffel Tower was sold for scrap metal in 1925.", "https://checks.example.org/eiffel-scrap", "False"),
        Review("Drinking coffee causes dehydration in healthy adults.", "https://checks.example.org/coffee", "Mixture"),
        Review("Germany closed its last three nuclear power plants in April 2023.", "https://checks.example.org/germany-nuclear", "True"),
    ];

    async Task<JsonElement> ImportAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/fact-checks", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    async Task<List<JsonElement>> MatchAsync(string text, int limit = 5)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/claims/match", new { text, limit });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("matches").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Import_is_idempotent_by_review_url_and_keeps_the_publishers_rating()
    {
        var first = await ImportAsync(Archive);
        Assert.Equal(4, first.GetProperty("created").GetInt32());

        var again = await ImportAsync(new[] { Archive[0], Review("A new claim about tides on Mars.", "https://checks.example.org/mars", "Pants on Fire") });
        Assert.Equal(1, again.GetProperty("created").GetInt32());
        Assert.Equal(1, again.GetProperty("existing").GetInt32());
        Assert.Equal(first.GetProperty("items")[0].GetProperty("claimId").GetGuid(), again.GetProperty("items")[0].GetProperty("claimId").GetGuid());
        Assert.Equal(5, await Factory.WithDbAsync(db => db.ClaimReviews.CountAsync()));

        var claim = await ReadJsonAsync(await Client.GetAsync($"/api/v1/claims/{first.GetProperty("items")[0].GetProperty("claimId").GetGuid()}"));
        Assert.Equal("published", claim.GetProperty("workflowStatus").GetString());
        Assert.Equal("mostly_false", claim.GetProperty("currentVerdict").GetProperty("label").GetString());
        Assert.Equal("Example Checks", claim.GetProperty("currentVerdict").GetProperty("reviewer").GetString());
        Assert.Equal("https://checks.example.org/spain-unemployment", claim.GetProperty("review").GetProperty("url").GetString());
        Assert.Equal("Mostly False", claim.GetProperty("review").GetProperty("rating").GetString());
        var mars = await Factory.WithDbAsync(db => db.Claims.SingleAsync(c => c.Text.Contains("Mars")));
        Assert.Equal("pants_on_fire", mars.CurrentVerdict);
    }

    [Fact]
    public async Task An_invalid_batch_is_refused_whole_with_the_items_and_fields_named()
    {
        var bad = new Dictionary<string, object> { ["@type"] = "ClaimReview", ["claimReviewed"] = "", ["url"] = "not a url", ["reviewRating"] = new Dictionary<string, object> { ["ratingValue"] = "high" } };

        var response = await Client.PostAsJsonAsync("/api/v1/fact-checks", new[] { Archive[0], bad });

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 400);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "[1].claimReviewed", "[1].url", "[1].reviewRating.alternateName", "[1].reviewRating.ratingValue" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing from {errors}");
        Assert.Equal(0, await Factory.WithDbAsync(db => db.ClaimReviews.CountAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsync("/api/v1/fact-checks", Requests.RawJson("42"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsync("/api/v1/fact-checks", Requests.RawJson("[{"))).StatusCode);
    }

    [Fact]
    public async Task Matching_finds_a_paraphrase_and_rejects_a_claim_with_a_different_number()
    {
        await ImportAsync(Archive);

        var paraphrase = await MatchAsync("Spain's jobless rate climbed to 14 percent in 2023");
        Assert.Equal("Unemployment in Spain rose to 14 percent in 2023.", paraphrase[0].GetProperty("text").GetString());
        Assert.Equal("same", paraphrase[0].GetProperty("relation").GetString());
        Assert.Equal("https://checks.example.org/spain-unemployment", paraphrase[0].GetProperty("review").GetProperty("url").GetString());
        Assert.Equal("mostly_false", paraphrase[0].GetProperty("currentVerdict").GetString());

        var otherNumber = await MatchAsync("Unemployment in Spain rose to 8 percent in 2023.");
        Assert.Equal("Unemployment in Spain rose to 14 percent in 2023.", otherNumber[0].GetProperty("text").GetString());
        Assert.True(otherNumber[0].GetProperty("numbersDiffer").GetBoolean());

        // A citation marker is not a number: "[2]" must not make the same claim look different.
        var cited = await MatchAsync("Unemployment in Spain rose to 14 percent in 2023 [2].");
        Assert.Equal("Unemployment in Spain rose to 14 percent in 2023.", cited[0].GetProperty("text").GetString());
        Assert.False(cited[0].GetProperty("numbersDiffer").GetBoolean());
        Assert.Equal("related", otherNumber[0].GetProperty("relation").GetString());
        // Near-identical wording scores high, yet differing numbers keep it from being the same claim.
        Assert.True(otherNumber[0].GetProperty("score").GetDouble() >= 0.75, otherNumber[0].ToString());

        // Same topic words, different claim: not the same.
        var sameTopic = await MatchAsync("Nuclear power plants in France produced 70 percent of its electricity.");
        Assert.All(sameTopic, m => Assert.NotEqual("same", m.GetProperty("relation").GetString()));
    }

    [Fact]
    public async Task A_new_claim_records_its_earlier_fact_check_and_similar_lists_it()
    {
        await ImportAsync(Archive);

        var response = await Client.PostArticleAsync(Requests.Article(title: "Energy", sources: [],
            body: "Germany shut down its final three nuclear power stations in April 2023, officials said. Wind power grew strongly last year."));
        var article = await ReadAsync<ArticleResponse>(response);

        var nuclear = article.Claims.Single(c => c.Text.Contains("nuclear", StringComparison.Ordinal));
        Assert.NotNull(nuclear.PreviouslyChecked);
        Assert.Equal("https://checks.example.org/germany-nuclear", nuclear.PreviouslyChecked!.ReviewUrl);
        Assert.Equal("true", nuclear.PreviouslyChecked.Verdict);
        // The article view read back from the database shows it too.
        var stored = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{article.Id}"));
        Assert.Equal(nuclear.PreviouslyChecked.ClaimId, stored.Claims.Single(c => c.Id == nuclear.Id).PreviouslyChecked?.ClaimId);

        var similar = await ReadJsonAsync(await Client.GetAsync($"/api/v1/claims/{nuclear.Id}/similar?limit=3"));
        var first = similar.GetProperty("matches")[0];
        Assert.Equal(nuclear.PreviouslyChecked.ClaimId, first.GetProperty("claimId").GetGuid());
        Assert.DoesNotContain(similar.GetProperty("matches").EnumerateArray(), m => m.GetProperty("claimId").GetGuid() == nuclear.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/claims/{Guid.NewGuid()}/similar")).StatusCode);
    }
}
