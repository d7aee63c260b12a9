using System.Net;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.Articles;

[Collection(ApiCollection.Name)]
public sealed class ArticleLifecycleTests(ApiFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("GET", "/api/v1/articles/{0}")]
    [InlineData("GET", "/api/v1/articles/{0}/claims")]
    [InlineData("DELETE", "/api/v1/articles/{0}")]
    public async Task An_unknown_article_gets_a_404_problem(string method, string path)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Guid.NewGuid())));

        await ArticleValidationTests.AssertProblemAsync(response, 404);
    }

    [Fact]
    public async Task A_malformed_id_is_not_found()
    {
        var response = await Client.GetAsync("/api/v1/articles/not-a-guid");

        await ArticleValidationTests.AssertProblemAsync(response, 404);
    }

    [Fact]
    public async Task Deleting_an_article_removes_it_with_its_sources_and_claims_but_keeps_shared_documents()
    {
        var keep = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(title: "Keep")));
        var gone = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(title: "Gone")));

        var response = await Client.DeleteAsync($"/api/v1/articles/{gone.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/articles/{gone.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/v1/articles/{keep.Id}")).StatusCode);
        Assert.Equal(keep.Claims.Count, await Factory.WithDbAsync(db => db.Claims.CountAsync()));
        Assert.Equal(3, await Factory.WithDbAsync(db => db.ArticleSources.CountAsync()));
        Assert.Equal(3, await Factory.WithDbAsync(db => db.Documents.CountAsync()));
    }

    [Fact]
    public async Task Health_endpoints_answer_when_the_database_is_up()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Swagger_documents_every_endpoint_with_responses_and_the_sample_example()
    {
        var doc = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));

        var paths = doc.GetProperty("paths");
        var create = paths.GetProperty("/api/v1/articles").GetProperty("post");
        Assert.Contains("Submit an article", create.GetProperty("summary").GetString(), StringComparison.Ordinal);
        foreach (var code in new[] { "201", "400", "413", "415", "422" })
            Assert.True(create.GetProperty("responses").TryGetProperty(code, out _), $"POST /articles does not document {code}");
        var examples = create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples");
        var pasted = examples.GetProperty("pasted").GetProperty("value");
        Assert.Contains("mutual defence clause", pasted.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, pasted.GetProperty("sources").GetArrayLength());
        Assert.All(pasted.GetProperty("sources").EnumerateArray(), s => Assert.True(s.GetProperty("content").GetString()!.Length > 200));
        Assert.All(examples.GetProperty("urls").GetProperty("value").GetProperty("sources").EnumerateArray(),
            s => Assert.StartsWith("https://", s.GetProperty("url").GetString(), StringComparison.Ordinal));
        Assert.True(paths.GetProperty("/api/v1/claims/check").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("examples").TryGetProperty("pasted", out _));
        foreach (var path in new[] { "/api/v1/articles/{id}", "/api/v1/articles/{id}/claims" })
            Assert.True(paths.GetProperty(path).GetProperty("get").GetProperty("responses").TryGetProperty("404", out _), path);
        Assert.True(paths.GetProperty("/api/v1/articles/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(paths.TryGetProperty("/health/ready", out _));
        Assert.True(paths.TryGetProperty("/health/live", out _));
        var status = doc.GetProperty("components").GetProperty("schemas").GetProperty("ArticleStatus");
        Assert.Contains("fetching_sources", status.GetRawText(), StringComparison.Ordinal);

        // The "Authorize" button, and every keyed operation says what it needs and answers 401/403/429.
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        foreach (var (path, method) in new[] { ("/api/v1/articles", "post"), ("/api/v1/claims", "get"), ("/api/v1/keys", "post"), ("/api/v1/fact-checks", "post") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.True(operation.TryGetProperty("security", out _), $"{method} {path} has no security requirement");
            foreach (var code in new[] { "401", "403", "429" })
                Assert.True(operation.GetProperty("responses").TryGetProperty(code, out _), $"{method} {path} does not document {code}");
        }
        Assert.Equal(0, paths.GetProperty("/health/ready").GetProperty("get").GetProperty("security").GetArrayLength());
        var import = paths.GetProperty("/api/v1/fact-checks").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.Equal("ClaimReview", import.GetProperty("application/json").GetProperty("example")[0].GetProperty("@type").GetString());
        Assert.True(paths.GetProperty("/api/v1/claims/match").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("example").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await Client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
