using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Api.Tests.Reports;
using FactCheck.Client;

namespace FactCheck.Api.Tests.Client;

/// <summary>
/// A newsroom tool's whole flow through the generated client (src/FactCheck.Client, built from the committed
/// openapi.json): a change to the API that breaks generated clients fails here.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class TypedClientTests(KestrelApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Post_an_article_wait_for_verification_read_verdicts_and_give_an_editorial_verdict_with_if_match()
    {
        IFactCheckClient api = new FactCheckClient(Client);

        var created = await api.CreateArticleAsync(new CreateArticleRequest
        {
            Title = "Ridership",
            Body = "City buses carried 42.6 million passengers in 2025, according to the transit authority (Source 1).",
            Sources = [new SourceRequest { Content = "The transit authority said city buses carried 36.1 million passengers in 2025." }],
        }, idempotency_Key: "typed-client-flow");
        Assert.Equal(ArticleStatus.Verifying, created.Status);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var article = created;
        while (article.Status != ArticleStatus.Verified)
        {
            Assert.True(DateTime.UtcNow < deadline, $"still {article.Status} after 60 s");
            await Task.Delay(200);
            article = await api.GetArticleAsync(created.Id);
        }

        // One call reads the article with each claim's current verdict and evidence count, in text order.
        var summary = article.Claims[0];
        Assert.Equal(VerdictKind.Automatic, summary.Verdict!.Kind);
        Assert.Equal("refuted", summary.Verdict.Label);
        Assert.True(summary.EvidenceCount > 0);
        Assert.Empty(article.Warnings);

        var claim = await api.GetClaimAsync(article.Claims[0].Id);
        Assert.Equal(VerdictKind.Automatic, claim.CurrentVerdict!.Kind);
        Assert.Equal("refuted", claim.CurrentVerdict.Label);
        Assert.NotEmpty(claim.Evidence);
        Assert.Equal(WorkflowStatus.Unreviewed, claim.WorkflowStatus);

        // A stale ETag is refused as a typed exception carrying the problem.
        var stale = await Assert.ThrowsAsync<ApiException<Problem>>(() =>
            api.AddVerdictAsync(claim.Id, new AddVerdictRequest { Rating = "false", Rationale = "x" }, if_Match: "\"999\""));
        Assert.Equal(412, stale.StatusCode);
        Assert.Equal(412, stale.Result.Status);

        var verdict = await api.AddVerdictAsync(claim.Id,
            new AddVerdictRequest { Rating = "false", Rationale = "The authority's own figure is 36.1 million.", EvidenceIds = [claim.Evidence[0].Id] },
            if_Match: claim.ETag);
        Assert.Equal(VerdictKind.Editorial, verdict.Kind);

        var reviewed = await api.GetClaimAsync(claim.Id);
        Assert.Equal("false", reviewed.CurrentVerdict!.Label);
        Assert.Equal(WorkflowStatus.Reviewed, reviewed.WorkflowStatus);
        Assert.Single(reviewed.EditorialHistory);

        var report = await api.GetArticleReportAsync(created.Id);
        Assert.StartsWith("# Fact-check report: Ridership", report);
        var claimReview = System.Text.Json.JsonDocument.Parse(await api.GetClaimReviewAsync(claim.Id));
        Assert.Equal("ClaimReview", claimReview.RootElement.GetProperty("@type").GetString());

        // The same key again replays the article, it does not make another.
        var replay = await api.CreateArticleAsync(new CreateArticleRequest
        {
            Title = "Ridership",
            Body = "City buses carried 42.6 million passengers in 2025, according to the transit authority (Source 1).",
            Sources = [new SourceRequest { Content = "The transit authority said city buses carried 36.1 million passengers in 2025." }],
        }, idempotency_Key: "typed-client-flow");
        Assert.Equal(created.Id, replay.Id);
    }
}
