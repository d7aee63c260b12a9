using System.Net.Http.Json;
using System.Net;
using FactCheck.Api.Articles;
using FactCheck.Api.Claims;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Api.Tests.Sources;
using FactCheck.Data;

namespace FactCheck.Api.Tests.Verification;

/// <summary>
/// Wrong answers found by trying the service as a new user would (issue 12), each kept as a test of the verdict
/// the cross-encoder and its vetoes give through the API.
/// </summary>
[Collection(FetchCollection.Name)]
public sealed class VerdictTrustTests(FetchApiFactory factory) : ApiTest(factory)
{

    [Theory]
    // The claim's percentage against another in the source refutes, although the 1,200 agrees.
    [InlineData("Of 1,200 riders surveyed, 64% would ride less often if fares rose.",
        "Of 1,200 riders surveyed, 46 percent said they would ride less often if fares rose, the transit agency found.")]
    [InlineData("Bus ridership in the city fell by 9% last year.",
        "Bus ridership in the city fell 14 percent last year, according to the transit authority's annual report.")]
    // The year agrees, the amount does not.
    [InlineData("The country's population reached 42.6 million in 2025.",
        "The national statistics office said the country's population reached 36.1 million in 2025.")]
    public async Task A_quantity_the_source_gives_otherwise_refutes_whatever_else_agrees(string claim, string source)
    {
        var checkedClaim = await CheckClaimAsync(claim, source);

        Assert.Equal("refuted", checkedClaim.AutomaticVerdict!.Label);
        var evidence = Assert.Single(checkedClaim.Evidence);
        Assert.Equal(Stance.Refutes, evidence.Stance);
        // The claim's quantity is given otherwise, in the same role: the item-differs rule names both.
        Assert.Contains(evidence.Reasons, r => r.Contains("differs: the source gives", StringComparison.Ordinal));
        Assert.Contains(evidence.Reasons, r => r.StartsWith("cross-encoder xenc-", StringComparison.Ordinal));
        // The verdict names the evidence it rests on.
        Assert.Equal([evidence.Id], checkedClaim.AutomaticVerdict.EvidenceIds);
    }

    [Fact]
    public async Task The_same_quantity_with_a_citation_marker_supports()
    {
        var checkedClaim = await CheckClaimAsync("Bus ridership in the city fell by 9% last year [1].",
            "Bus ridership in the city fell 9 percent last year, according to the transit authority's annual report.");

        Assert.Equal("supported", checkedClaim.AutomaticVerdict!.Label);
        var evidence = Assert.Single(checkedClaim.Evidence);
        Assert.Equal(Stance.Supports, evidence.Stance);
        Assert.DoesNotContain(evidence.Reasons, r => r.Contains("conflicts", StringComparison.Ordinal));
        Assert.Equal([evidence.Id], checkedClaim.AutomaticVerdict.EvidenceIds);
        // Calibrated: a verdict of four possible labels the model finds likeliest, above what nothing to go on gets (0.2).
        Assert.InRange(checkedClaim.AutomaticVerdict.Confidence!.Value, 0.25, 1.0);
    }

    [Fact]
    public async Task A_claim_that_cites_nothing_is_checked_against_the_articles_sources()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            body = "The treaty obliges Russia and North Korea to help each other if either is attacked [1]. "
                + "The agreement was signed in Pyongyang on 19 June 2024 by Vladimir Putin and Kim Jong Un.",
            sources = new object[]
            {
                new { content = "The treaty obliges Russia and North Korea to help each other if either is attacked." },
                new { content = "Vladimir Putin and Kim Jong Un signed the agreement in Pyongyang on 19 June 2024, state media reported." },
            },
        }));
        var article = await WaitVerifiedAsync(created.Id);
        var uncited = article.Claims.Single(c => c.Text.Contains("Pyongyang", StringComparison.Ordinal));

        var claim = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{uncited.Id}"));

        Assert.Equal("supported", claim.AutomaticVerdict!.Label);
        Assert.DoesNotContain("No fetched source", claim.AutomaticVerdict.Rationale, StringComparison.Ordinal);
        Assert.Contains(claim.Evidence, e => e is { SourceLabel: "Source 2", Stance: Stance.Supports });
        Assert.Contains(claim.Citations, c => c.Kind == CitationKind.EvidenceMatch);
    }

    [Fact]
    public async Task A_verdict_with_nothing_to_go_on_has_low_confidence()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            body = "The treaty obliges Russia and North Korea to help each other if either is attacked.",
        }));
        var article = await WaitVerifiedAsync(created.Id);

        var claim = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{article.Claims.Single().Id}"));

        Assert.Equal("not_enough_evidence", claim.AutomaticVerdict!.Label);
        Assert.InRange(claim.AutomaticVerdict.Confidence!.Value, 0.0, 0.3);
        Assert.Empty(claim.AutomaticVerdict.EvidenceIds);
    }

    [Fact]
    public async Task A_prediction_a_source_projects_is_checked_not_set_aside()
    {
        var checkedClaim = await CheckClaimAsync(
            "Heavy rainfall events will become more frequent in the region.",
            "Climate models project that heavy rainfall events will become more frequent in the region.");

        Assert.Equal("supported", checkedClaim.AutomaticVerdict!.Label);
        Assert.StartsWith("A prediction, checked against what the sources project", checkedClaim.AutomaticVerdict.Rationale, StringComparison.Ordinal);
        Assert.NotEmpty(checkedClaim.AutomaticVerdict.EvidenceIds);
    }
}
