using System.Net;
using System.Net.Http.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;

namespace FactCheck.Api.Tests.Security;

/// <summary>Who may delete an article: its submitter or an admin, and editorial work is never lost to a submitter's delete.</summary>
[Collection(ApiCollection.Name)]
public sealed class ArticleOwnershipTests(ApiFactory factory) : ApiTest(factory)
{
    async Task<ArticleResponse> SubmitAsync(HttpClient client) =>
        await ReadAsync<ArticleResponse>(await client.PostArticleAsync(Requests.Article()));

    async Task RecordVerdictAsync(Guid claimId)
    {
        var claim = await Client.GetAsync($"/api/v1/claims/{claimId}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{claimId}/verdicts") { Content = JsonContent.Create(new { rating = "false", rationale = "checked" }) };
        request.Headers.TryAddWithoutValidation("If-Match", claim.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_submitter_deletes_its_own_articles_and_not_another_keys()
    {
        using var alice = Factory.CreateClient(await Factory.InsertKeyAsync("alice-desk", "submitter"));
        using var bob = Factory.CreateClient(await Factory.InsertKeyAsync("bob-desk", "submitter"));
        var article = await SubmitAsync(alice);

        var refused = await bob.DeleteAsync($"/api/v1/articles/{article.Id}");

        await ArticleValidationTests.AssertProblemAsync(refused, 403);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/v1/articles/{article.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/v1/articles/{article.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/articles/{article.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_article_with_editorial_verdicts_needs_a_checker_or_an_admin_to_delete()
    {
        using var alice = Factory.CreateClient(await Factory.InsertKeyAsync("alice-desk", "submitter"));
        using var editor = Factory.CreateClient(await Factory.InsertKeyAsync("alice-editor", "submitter", "checker"));
        var article = await SubmitAsync(alice);
        await RecordVerdictAsync(article.Claims[0].Id);

        var refused = await alice.DeleteAsync($"/api/v1/articles/{article.Id}");

        var problem = await ArticleValidationTests.AssertProblemAsync(refused, 403);
        Assert.Contains("editorial verdicts", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var claim = await ReadJsonAsync(await Client.GetAsync($"/api/v1/claims/{article.Claims[0].Id}"));
        Assert.Equal("false", claim.GetProperty("currentVerdict").GetProperty("label").GetString());
        // Another submitter-and-checker key is still not the owner; the admin may.
        await ArticleValidationTests.AssertProblemAsync(await editor.DeleteAsync($"/api/v1/articles/{article.Id}"), 403);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/v1/articles/{article.Id}")).StatusCode);
    }
}
