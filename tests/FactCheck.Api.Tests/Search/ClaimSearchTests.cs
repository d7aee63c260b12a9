using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.Search;

[Collection(ApiCollection.Name)]
public sealed class ClaimSearchTests(ApiFactory factory) : ApiTest(factory)
{
    async Task<ArticleResponse> PostAsync(string title, string body, string? publisher = null, DateTimeOffset? publishedAt = null)
    {
        var response = await Client.PostArticleAsync(Requests.Article(title: title, body: body, sources: [], publisher: publisher, publishedAt: publishedAt));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync<ArticleResponse>(response);
    }

    async Task<JsonElement> SearchAsync(string query)
    {
        var response = await Client.GetAsync("/api/v1/claims?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    static List<string> Texts(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!).ToList();

    [Fact]
    public async Task Search_ranks_matches_highlights_them_and_filters()
    {
        await PostAsync("Jobs", "Unemployment in Spain rose to 14 percent in 2023, the statistics office said.", "Daily A", new DateTimeOffset(2024, 1, 5, 0, 0, 0, TimeSpan.Zero));
        await PostAsync("Jobs again", "Unemployment in Spain and unemployment in Portugal rose sharply in 2023 according to Eurostat.", "Daily B", new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero));
        await PostAsync("Trade", "Exports from Germany fell by 3 percent in 2023, the ministry reported.", "Daily A", new DateTimeOffset(2024, 2, 5, 0, 0, 0, TimeSpan.Zero));

        var page = await SearchAsync("q=unemployment%20spain");
        var texts = Texts(page);
        Assert.Equal(2, texts.Count);
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Contains("<mark>", i.GetProperty("snippet").GetString(), StringComparison.Ordinal));
        Assert.True(page.GetProperty("items")[0].GetProperty("rank").GetDouble() >= page.GetProperty("items")[1].GetProperty("rank").GetDouble());

        Assert.Equal(["Daily B"], (await SearchAsync("q=unemployment&publisher=Daily%20B")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("publisher").GetString()).ToList());
        Assert.Single(Texts(await SearchAsync("q=unemployment&publishedFrom=2024-02-01T00:00:00Z")));
        Assert.Empty(Texts(await SearchAsync("q=unemployment%20-spain")));
        Assert.Single(Texts(await SearchAsync("q=%22exports%20from%20germany%22")));
        Assert.Equal(3, Texts(await SearchAsync("minCheckWorthiness=0")).Count);
        Assert.Empty(Texts(await SearchAsync("status=published")));

        // A fact-checker's verdict becomes the claim's current verdict, and a filter.
        var claim = page.GetProperty("items")[0].GetProperty("id").GetGuid();
        var etag = (await Client.GetAsync($"/api/v1/claims/{claim}")).Headers.ETag!.ToString();
        var verdict = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{claim}/verdicts") { Content = JsonContent.Create(new { rating = "mostly_true" }) };
        verdict.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(verdict)).StatusCode);
        var reviewed = await SearchAsync("verdict=mostly_true");
        Assert.Equal([claim], reviewed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList());
        Assert.Equal("mostly_true", reviewed.GetProperty("items")[0].GetProperty("currentVerdict").GetString());
        Assert.Single(Texts(await SearchAsync("status=reviewed&type=" + reviewed.GetProperty("items")[0].GetProperty("type").GetString())));
    }

    [Fact]
    public async Task Pages_stay_stable_while_claims_are_added()
    {
        for (var i = 0; i < 5; i++)
            await PostAsync($"Budget {i}", $"The city budget deficit reached {i + 2} million euros in 2023, the council said.");

        var first = await SearchAsync("q=budget%20deficit&limit=2");
        var next = first.GetProperty("nextCursor").GetString()!;
        // Claims added after the first page was served do not shift the next pages.
        await PostAsync("Budget late", "The city budget deficit reached 9 million euros in 2023, the council said.");
        await PostAsync("Budget later", "The budget deficit of the city reached a record 12 million euros, the council said.");
        var seen = Texts(first);
        while (next is not null)
        {
            var page = await SearchAsync($"q=budget%20deficit&limit=2&cursor={next}");
            seen.AddRange(Texts(page));
            next = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.Count >= 5, string.Join(" | ", seen));

        // Newest first without q, by keyset.
        var newest = await SearchAsync("limit=3");
        Assert.Equal("The budget deficit of the city reached a record 12 million euros, the council said.", Texts(newest)[0]);
        var rest = await SearchAsync($"limit=10&cursor={newest.GetProperty("nextCursor").GetString()}");
        Assert.Equal(7, Texts(newest).Count + Texts(rest).Count);
        Assert.Empty(Texts(newest).Intersect(Texts(rest)));
    }

    [Fact]
    public async Task One_articles_claims_page_in_the_order_of_its_text()
    {
        var response = await Client.PostArticleAsync(Requests.Article(sources: []));
        var article = await ReadAsync<ArticleResponse>(response);
        Assert.True(article.Claims.Count >= 3, $"{article.Claims.Count} claims");

        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await SearchAsync($"articleId={article.Id}&limit=2" + (next is null ? "" : $"&cursor={next}"));
            seen.AddRange(Texts(page));
            next = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (next is not null);

        // The article's own listing is in text order (by start offset): the claims list with articleId reads the same.
        Assert.Equal(article.Claims.Select(c => c.Text), seen);
        var starts = article.Claims.Select(c => c.Start).ToList();
        Assert.Equal(starts.Order(), starts);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("status=done", "status")]
    [InlineData("minCheckWorthiness=2", "minCheckWorthiness")]
    [InlineData("cursor=bm9wZQ", "cursor")]
    [InlineData("q=x&cursor=dDo2Mzg2OTI5MjgwMDAwMDAwMDA6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA", "cursor")]
    public async Task Invalid_search_parameters_get_a_400_naming_them(string query, string field)
    {
        var response = await Client.GetAsync("/api/v1/claims?" + query);

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
