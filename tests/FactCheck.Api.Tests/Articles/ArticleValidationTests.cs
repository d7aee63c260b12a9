using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FactCheck.Api.Tests.Infrastructure;

namespace FactCheck.Api.Tests.Articles;

[Collection(ApiCollection.Name)]
public sealed class ArticleValidationTests(ApiFactory factory) : ApiTest(factory)
{
    public static TheoryData<string, string, string> InvalidArticles => new()
    {
        // name of the case, JSON body, the field the problem must name
        { "body missing", """{"title":"t"}""", "body" },
        { "body empty", """{"title":"t","body":""}""", "body" },
        { "body too long", $$"""{"title":"t","body":"{{new string('a', 200_001)}}"}""", "body" },
        { "article url not http", """{"body":"Text.","url":"ftp://example.org/a"}""", "url" },
        { "source url relative", """{"body":"Text.","sources":[{"url":"/relative/path"}]}""", "sources[0].url" },
        { "source url javascript", """{"body":"Text.","sources":[{"url":"javascript:alert(1)"}]}""", "sources[0].url" },
        { "source url too long", $$"""{"body":"Text.","sources":[{"url":"https://example.org/{{new string('a', 2040)}}"}]}""", "sources[0].url" },
        { "source without url or content", """{"body":"Text.","sources":[{"title":"Nothing"}]}""", "sources[0].url" },
        { "duplicate labels", """{"body":"Text.","sources":[{"label":"A","url":"https://a.example"},{"label":"a","url":"https://b.example"}]}""", "sources" },
        { "explicit label clashes with a default", """{"body":"Text.","sources":[{"url":"https://a.example"},{"label":"Source 1","url":"https://b.example"}]}""", "sources" },
        { "too many sources", $$"""{"body":"Text.","sources":[{{string.Join(",", Enumerable.Range(0, 51).Select(i => $$"""{"url":"https://e.example/{{i}}"}"""))}}]}""", "sources" },
        { "published in the future", $$"""{"body":"Text.","publishedAt":"{{DateTimeOffset.UtcNow.AddDays(1):O}}"}""", "publishedAt" },
        { "bad language tag", """{"body":"Text.","language":"english please"}""", "language" },
        { "unknown field", """{"body":"Text.","bodyy":"typo"}""", "bodyy" },
        { "wrong type", """{"body":"Text.","sources":"https://a.example"}""", "sources" },
        { "wrong type nested", """{"body":"Text.","sources":[{"url":42}]}""", "sources[0].url" },
        { "bad date", """{"body":"Text.","publishedAt":"yesterday"}""", "publishedAt" },
    };

    [Theory]
    [MemberData(nameof(InvalidArticles))]
    public async Task An_invalid_article_gets_a_400_problem_naming_the_field(string @case, string json, string field)
    {
        var response = await Client.PostAsync("/api/v1/articles", Requests.RawJson(json));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{@case}: {response.StatusCode}");
        var problem = await AssertProblemAsync(response, 400);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{@case}: errors name {errors} but not '{field}'");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem()
    {
        var response = await Client.PostAsync("/api/v1/articles", Requests.RawJson("""{"body": "unterminated"""));

        var problem = await AssertProblemAsync(response, 400);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_a_413_problem()
    {
        var huge = $$"""{"body":"{{new string('a', 2 * 1024 * 1024)}}"}""";

        var response = await Client.PostAsync("/api/v1/articles", Requests.RawJson(huge));

        await AssertProblemAsync(response, 413);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_chunked_body_over_the_size_limit_gets_a_413_problem()
    {
        var huge = Encoding.UTF8.GetBytes($$"""{"body":"{{new string('a', 2 * 1024 * 1024)}}"}""");
        var content = new StreamContent(new MemoryStream(huge));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Client.SendAsync(request);

        await AssertProblemAsync(response, 413);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_a_415_problem()
    {
        var response = await Client.PostAsync("/api/v1/articles", new StringContent("body=Text", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertProblemAsync(response, 415);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_invalid_idempotency_key_gets_a_400_problem()
    {
        var response = await Client.PostArticleAsync(Requests.Article(), idempotencyKey: new string('k', 201));

        await AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task Field_errors_of_several_rules_are_reported_together()
    {
        var response = await Client.PostAsync("/api/v1/articles",
            Requests.RawJson("""{"url":"nope","sources":[{"url":"also-nope"}]}"""));

        var errors = (await AssertProblemAsync(response, 400)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("body", out _));
        Assert.True(errors.TryGetProperty("url", out _));
        Assert.True(errors.TryGetProperty("sources[0].url", out _));
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
        return problem;
    }

    async Task AssertNothingStoredAsync()
    {
        var count = await Factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Articles));
        Assert.Equal(0, count);
    }
}
