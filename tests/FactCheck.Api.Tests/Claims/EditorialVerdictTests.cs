using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Claims;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.Claims;

[Collection(ApiCollection.Name)]
public sealed class EditorialVerdictTests(ApiFactory factory) : ApiTest(factory)
{
    async Task<ClaimResponse> CreateClaimAsync()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article()));
        return article.Claims.First(c => c.Text.Contains("Blinken", StringComparison.Ordinal));
    }

    async Task<(ClaimDetail Claim, string ETag)> GetAsync(Guid id)
    {
        var response = await Client.GetAsync($"/api/v1/claims/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadAsync<ClaimDetail>(response), response.Headers.ETag!.ToString());
    }

    Task<HttpResponseMessage> PostVerdictAsync(Guid id, string? etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{id}/verdicts") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return Client.SendAsync(request);
    }

    Task<HttpResponseMessage> PutStatusAsync(Guid id, string? etag, string status)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/claims/{id}/status") { Content = JsonContent.Create(new { status }) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return Client.SendAsync(request);
    }

    [Fact]
    public async Task A_claim_is_served_with_its_citations_workflow_status_and_etag()
    {
        var created = await CreateClaimAsync();

        var (claim, etag) = await GetAsync(created.Id);

        Assert.Equal(created.Text, claim.Text);
        Assert.Equal(WorkflowStatus.Unreviewed, claim.WorkflowStatus);
        Assert.Equal(etag, claim.ETag);
        Assert.Equal("Antony Blinken", claim.Speaker);
        Assert.Contains(claim.Citations, c => c is { Label: "Source 3", Kind: CitationKind.Explicit, FetchStatus: FetchStatus.Pending });
        Assert.Empty(claim.EditorialHistory);
        Assert.Null(claim.CurrentVerdict);
        await ArticleValidationTests.AssertProblemAsync(await Client.GetAsync($"/api/v1/claims/{Guid.NewGuid()}"), 404);
    }

    [Fact]
    public async Task A_verdict_with_the_current_etag_is_recorded_and_becomes_the_current_verdict()
    {
        var created = await CreateClaimAsync();
        var (_, etag) = await GetAsync(created.Id);

        var response = await PostVerdictAsync(created.Id, etag, new { rating = "mostly_true", rationale = "The State Department published the remarks." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());
        var (claim, newEtag) = await GetAsync(created.Id);
        Assert.Equal(response.Headers.ETag!.ToString(), newEtag);
        Assert.Equal("mostly_true", claim.CurrentVerdict!.Label);
        Assert.Equal(VerdictKind.Editorial, claim.CurrentVerdict.Kind);
        Assert.Equal("bootstrap-admin", claim.CurrentVerdict.Reviewer);
        Assert.Equal(WorkflowStatus.Reviewed, claim.WorkflowStatus);
    }

    [Fact]
    public async Task If_match_is_read_as_rfc_9110_says_star_matches_a_weak_tag_never_does()
    {
        var created = await CreateClaimAsync();
        var (_, etag) = await GetAsync(created.Id);

        // A weak tag never matches under If-Match's strong comparison, even with the current version.
        await ArticleValidationTests.AssertProblemAsync(await PostVerdictAsync(created.Id, "W/" + etag, new { rating = "false" }), 412);
        await ArticleValidationTests.AssertProblemAsync(await PutStatusAsync(created.Id, "W/" + etag, "in_review"), 412);
        Assert.Equal(etag, (await GetAsync(created.Id)).ETag);

        // "*" matches whatever the current version is; a list matches when one of its tags does.
        var star = await PostVerdictAsync(created.Id, "*", new { rating = "false" });
        Assert.Equal(HttpStatusCode.Created, star.StatusCode);
        var (afterStar, starEtag) = await GetAsync(created.Id);
        Assert.Equal("false", afterStar.CurrentVerdict!.Label);
        Assert.Equal(HttpStatusCode.OK, (await PutStatusAsync(created.Id, $"\"v999\", {starEtag}", "in_review")).StatusCode);
        Assert.Equal(WorkflowStatus.InReview, (await GetAsync(created.Id)).Claim.WorkflowStatus);
        await ArticleValidationTests.AssertProblemAsync(await PostVerdictAsync(Guid.NewGuid(), "*", new { rating = "false" }), 404);
    }

    [Fact]
    public async Task Without_if_match_the_answer_is_428_and_with_a_stale_etag_412_and_nothing_changes()
    {
        var created = await CreateClaimAsync();
        var (_, first) = await GetAsync(created.Id);
        await PostVerdictAsync(created.Id, first, new { rating = "true" });

        await ArticleValidationTests.AssertProblemAsync(await PostVerdictAsync(created.Id, null, new { rating = "false" }), 428);
        await ArticleValidationTests.AssertProblemAsync(await PostVerdictAsync(created.Id, first, new { rating = "false" }), 412);
        await ArticleValidationTests.AssertProblemAsync(await PostVerdictAsync(created.Id, "\"something-else\"", new { rating = "false" }), 412);

        var (claim, _) = await GetAsync(created.Id);
        Assert.Equal(["true"], claim.EditorialHistory.Select(v => v.Label));
    }

    [Fact]
    public async Task History_is_append_only_and_newest_first()
    {
        var created = await CreateClaimAsync();
        var (_, etag) = await GetAsync(created.Id);
        var first = await PostVerdictAsync(created.Id, etag, new { rating = "half_true" });
        await PostVerdictAsync(created.Id, first.Headers.ETag!.ToString(), new { rating = "false", rationale = "Correction after new reporting." });

        var (claim, _) = await GetAsync(created.Id);

        Assert.Equal(["false", "half_true"], claim.EditorialHistory.Select(v => v.Label));
        Assert.Equal("false", claim.CurrentVerdict!.Label);
        Assert.Equal(2, await Factory.WithDbAsync(db => db.Verdicts.CountAsync()));
    }

    [Fact]
    public async Task Two_concurrent_verdicts_with_one_etag_never_both_win()
    {
        var created = await CreateClaimAsync();
        var (_, etag) = await GetAsync(created.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => PostVerdictAsync(created.Id, etag, new { rating = i % 2 == 0 ? "true" : "false" }))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Verdicts.CountAsync()));
    }

    [Fact]
    public async Task Concurrent_verdicts_with_if_match_star_are_all_recorded()
    {
        // "*" asks only that the claim exists: a writer that loses the compare-and-set to another is not refused.
        var created = await CreateClaimAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => PostVerdictAsync(created.Id, "*", new { rating = i % 2 == 0 ? "true" : "false" }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(8, await Factory.WithDbAsync(db => db.Verdicts.CountAsync(v => v.ClaimId == created.Id && v.Kind == FactCheck.Data.VerdictKind.Editorial)));
    }

    [Theory]
    [InlineData("""{"rating":"pants_on_fire"}""", "rating")]
    [InlineData("""{}""", "rating")]
    public async Task An_unknown_rating_is_a_400_problem(string json, string field)
    {
        var created = await CreateClaimAsync();
        var (_, etag) = await GetAsync(created.Id);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{created.Id}/verdicts") { Content = Requests.RawJson(json) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        var problem = await ArticleValidationTests.AssertProblemAsync(await Client.SendAsync(request), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.Verdicts.CountAsync()));
    }

    [Fact]
    public async Task Evidence_of_another_claim_is_refused()
    {
        var created = await CreateClaimAsync();
        var (_, etag) = await GetAsync(created.Id);

        var response = await PostVerdictAsync(created.Id, etag, new { rating = "true", evidenceIds = new[] { Guid.NewGuid() } });

        await ArticleValidationTests.AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task The_workflow_moves_only_by_allowed_transitions()
    {
        var created = await CreateClaimAsync();
        var (_, etag) = await GetAsync(created.Id);

        await ArticleValidationTests.AssertProblemAsync(await PutStatusAsync(created.Id, etag, "published"), 409);
        var inReview = await PutStatusAsync(created.Id, etag, "in_review");
        Assert.Equal(HttpStatusCode.OK, inReview.StatusCode);
        etag = inReview.Headers.ETag!.ToString();
        await ArticleValidationTests.AssertProblemAsync(await PutStatusAsync(created.Id, etag, "reviewed"), 409); // no verdict yet
        var verdict = await PostVerdictAsync(created.Id, etag, new { rating = "true" });
        etag = verdict.Headers.ETag!.ToString();
        var published = await PutStatusAsync(created.Id, etag, "published");

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(WorkflowStatus.Published, (await ReadAsync<ClaimDetail>(published)).WorkflowStatus);
        await ArticleValidationTests.AssertProblemAsync(await PutStatusAsync(created.Id, etag, "in_review"), 412);
        await ArticleValidationTests.AssertProblemAsync(await PutStatusAsync(created.Id, null, "in_review"), 428);
    }

    [Fact]
    public async Task The_claimreview_export_carries_the_rating_mapped_onto_the_scale()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            title = "Pact",
            body = Requests.SampleBody,
            url = "https://news.example.com/pact",
            publisher = "Example News",
            publishedAt = "2024-06-20T09:00:00Z",
            sources = new object[] { new { url = "https://a.example.org/1" }, new { url = "https://b.example.org/2" }, new { url = "https://c.example.org/3" } },
        }));
        var claim = article.Claims.First(c => c.Text.Contains("Blinken", StringComparison.Ordinal));
        await ArticleValidationTests.AssertProblemAsync(await Client.GetAsync($"/api/v1/claims/{claim.Id}/claimreview"), 409);
        var (_, etag) = await GetAsync(claim.Id);
        await PostVerdictAsync(claim.Id, etag, new { rating = "mostly_true" });

        var response = await Client.GetAsync($"/api/v1/claims/{claim.Id}/claimreview");

        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var review = await ReadJsonAsync(response);
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.Equal(claim.Text, review.GetProperty("claimReviewed").GetString());
        var rating = review.GetProperty("reviewRating");
        Assert.Equal("Mostly true", rating.GetProperty("alternateName").GetString());
        Assert.Equal(4, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal(5, rating.GetProperty("bestRating").GetInt32());
        Assert.Equal(1, rating.GetProperty("worstRating").GetInt32());
        var item = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", item.GetProperty("@type").GetString());
        Assert.Equal("https://news.example.com/pact", item.GetProperty("appearance").GetProperty("url").GetString());
        Assert.Equal("Antony Blinken", item.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("2024-06-20", item.GetProperty("datePublished").GetString());
        Assert.EndsWith($"/api/v1/claims/{claim.Id}", review.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, review.GetProperty("datePublished").ValueKind);
    }
}
