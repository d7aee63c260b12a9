using System.Net;
using System.Net.Http.Json;
using FactCheck.Analysis.Claims;
using FactCheck.Api.CheckWorthiness;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.CheckWorthiness;

[Collection(ApiCollection.Name)]
public sealed class CheckWorthinessTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Every_sentence_comes_back_scored_with_offsets_into_the_text()
    {
        const string text = "Good evening, everyone. Unemployment fell to 3.9 percent in May, the lowest since 2000. Will you vote for me?";

        var response = await Client.PostAsJsonAsync("/api/v1/check-worthiness", new { text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ReadAsync<CheckWorthinessResponse>(response);
        // The engine that scored: the learned encoder (stacked with the features) when the assembly carries one.
        Assert.Equal(CheckWorthinessEncoder.EmbeddedManifest()?.Version ?? CheckWorthinessModel.FeaturesVersion, result.ModelVersion);
        Assert.Equal(3, result.Sentences.Count);
        Assert.All(result.Sentences, s => Assert.Equal(s.Text, text[s.Start..s.End]));
        Assert.False(result.Sentences[0].IsClaim);
        Assert.True(result.Sentences[1].IsClaim);
        Assert.Equal(ClaimType.Statistic, result.Sentences[1].Type);
        Assert.Equal(ClaimType.Question, result.Sentences[2].Type);
        Assert.False(result.Sentences[2].IsClaim);
    }

    [Fact]
    public async Task Scoring_stores_nothing()
    {
        await Client.PostAsJsonAsync("/api/v1/check-worthiness", new { text = Requests.SampleBody });

        Assert.Equal(0, await Factory.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.Claims.CountAsync()));
    }

    [Theory]
    [InlineData("""{}""", "text")]
    [InlineData("""{"text":""}""", "text")]
    [InlineData("""{"text":"ok","extra":1}""", "extra")]
    public async Task Missing_text_or_unknown_fields_get_a_400_problem(string json, string field)
    {
        var response = await Client.PostAsync("/api/v1/check-worthiness", Requests.RawJson(json));

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Text_over_the_length_limit_gets_a_400_problem()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/check-worthiness", new { text = new string('a', 200_001) });

        await ArticleValidationTests.AssertProblemAsync(response, 400);
    }
}
