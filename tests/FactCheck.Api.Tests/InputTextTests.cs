using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactCheck.Api.Tests.Infrastructure;

namespace FactCheck.Api.Tests;

/// <summary>Text the database cannot store and parameters that do not parse get 400s that name the field.</summary>
[Collection(ApiCollection.Name)]
public sealed class InputTextTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_NUL_character_in_a_body_field_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/articles", Requests.Article(body: "Unemployment fell\0 to 11.7 percent in 2024, the office said."));

        await AssertFieldErrorAsync(response, "body", "NUL character");
        var list = await ReadJsonAsync(await Client.GetAsync("/api/v1/articles"));
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_NUL_character_in_a_nested_field_names_its_path()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/claims/check", new { text = "Unemployment fell to 11.7 percent.", sources = new object[] { new { content = "ok" }, new { content = "bad\0" } } });

        await AssertFieldErrorAsync(response, "sources[1].content", "NUL character");
    }

    [Theory]
    [InlineData("/api/v1/claims?q=unemployment%00", "q")]
    [InlineData("/api/v1/articles?publisher=Reuters%00", "publisher")]
    public async Task A_NUL_character_in_a_query_parameter_is_refused(string url, string parameter)
    {
        var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Contains($"'{parameter}' contains a NUL character", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"claimReviewed\": \"x\\u0000y\", \"url\": \"https://fc.example.org/1\", \"reviewRating\": {\"alternateName\": \"False\"}}]", "[0].claimReviewed", "NUL character")]
    [InlineData("[{\"claimReviewed\": \"ok\", \"url\": \"https://fc.example.org/2\", \"reviewRating\": {\"alternateName\": \"\\ud800\"}}]", "[0].reviewRating.alternateName", "not valid text")]
    public async Task A_fact_check_import_with_unstorable_text_is_refused_naming_the_item(string body, string field, string message)
    {
        var response = await Client.PostAsync("/api/v1/fact-checks", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertFieldErrorAsync(response, field, message);
        var search = await ReadJsonAsync(await Client.GetAsync("/api/v1/claims"));
        Assert.Empty(search.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_query_parameter_that_does_not_parse_is_named_with_what_was_expected()
    {
        var response = await Client.GetAsync("/api/v1/claims?minCheckWorthiness=high");

        var problem = await AssertFieldErrorAsync(response, "minCheckWorthiness", "expected a number");
        Assert.DoesNotContain("Nullable", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_lists_query_parameters_under_the_names_the_API_documents()
    {
        var document = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));
        var names = document.GetProperty("paths").GetProperty("/api/v1/claims").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();

        Assert.Contains("q", names);
        Assert.Contains("minCheckWorthiness", names);
        Assert.DoesNotContain("Q", names);
    }

    [Theory]
    [InlineData("/api/v1/articles", "")]
    [InlineData("/api/v1/articles", "null")]
    [InlineData("/api/v1/claims/check", "")]
    [InlineData("/api/v1/claims/check", "null")]
    [InlineData("/api/v1/claims/match", "null")]
    public async Task An_empty_or_null_body_is_a_problem_naming_the_body(string url, string body)
    {
        var response = await Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertFieldErrorAsync(response, "body", "A JSON body is required");
        Assert.DoesNotContain("Implicit body", problem.GetRawText(), StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    static async Task<JsonElement> AssertFieldErrorAsync(HttpResponseMessage response, string field, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.Contains(message, messages[0].GetString(), StringComparison.Ordinal);
        return problem;
    }
}
