using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using FactCheck.Api.Claims;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Api.Tests.Sources;
using FactCheck.Data;

namespace FactCheck.Api.Tests.Verification;

/// <summary>
/// Verdicts that know what they don't know (issue 28): each failure kind found by trying the service as a new user
/// would, in cases written for these tests, through the API with the shipped model, rules and policy.
/// </summary>
[Collection(FetchCollection.Name)]
public sealed class DecisivenessTests(FetchApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Leaning_is_kept_apart_from_the_verdict_and_shown_in_grey()
    {
        // The source says all of it but the charge: it leans to support, it does not decide.
        var claim = await CheckClaimAsync("Police arrested three men after the shooting in Brelby on Saturday and charged them with murder.",
            "Police arrested three men after the shooting in Brelby on Saturday, a spokeswoman said.");

        var verdict = claim.AutomaticVerdict!;
        Assert.Equal("not_enough_evidence", verdict.Label);
        Assert.Equal("supported", verdict.Lean);
        Assert.Contains("leans supported", verdict.Rationale, StringComparison.Ordinal);
        Assert.Empty(verdict.EvidenceIds);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{claim.ArticleId}/report");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var html = await (await Client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"v none\">not enough evidence</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"lean\">leans supported</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"v ok\">supported</span>", html, StringComparison.Ordinal);

        // The count given only as a vague word: not decided either, and the count named as what the source lacks.
        // (Since xenc-2026.12.07f-kinds the model reads "several men" as neutral, so no lean; the model before leaned.)
        var vague = await CheckClaimAsync("Police arrested three men after the shooting in Brelby on Saturday.",
            "Police arrested several men after the shooting in Brelby on Saturday, a spokeswoman said.");
        Assert.Equal("not_enough_evidence", vague.AutomaticVerdict!.Label);
        Assert.NotEqual("refuted", vague.AutomaticVerdict.Lean);
        Assert.Contains(vague.Evidence.Single().Reasons, r => r.Contains("'three' not in the source", StringComparison.Ordinal));
    }

    [Theory]
    // Same topic, similar words: another city, another rank, another quote's speaker.
    [InlineData("The defence pact was signed in Moscow on Wednesday.", "The defence pact was signed in Pyongyang on Wednesday, officials from both sides said.")]
    [InlineData("Norska Air is now the country's largest airline by passengers.", "Norska Air overtook Skyways last year to become the country's second-largest airline by passengers, behind the state carrier.")]
    // On topic but silent.
    [InlineData("The collapse of the Harlow footbridge was caused by corrosion.", "Rescuers searched for two people on Tuesday after the Harlow footbridge collapsed during the evening rush hour. Engineers arrived overnight.")]
    // Allegations and open questions.
    [InlineData("Zarnia has shipped artillery shells to Velkor.", "Western officials have accused Zarnia of shipping artillery shells to Velkor; both governments deny any transfers.")]
    [InlineData("The salmonella outbreak in Tolby was caused by contaminated spinach.", "Health officials in Tolby said spinach was one possible source of the salmonella outbreak, along with chicken, and that it was too early to say.")]
    // An explicit denial.
    [InlineData("The foreign minister described the border clash as an act of war.", "The foreign minister stopped short of describing the border clash as an act of war, calling it a serious provocation.")]
    public async Task A_source_that_does_not_say_so_never_supports(string text, string source)
    {
        var claim = await CheckClaimAsync(text, source);
        Assert.NotEqual("supported", claim.AutomaticVerdict!.Label);
    }

    [Theory]
    // A duration as "since <year>" under a dateline, and a count of years.
    [InlineData("The Calder jazz festival has been held for 17 years.", "CALDER, June 2, 2024 (Wire) - The Calder jazz festival, held every summer since 2007, drew a record crowd on Saturday.")]
    // Two unrelated amounts in one passage are no contradiction of the claim's.
    [InlineData("The Brenna mayor earns 90,000 dollars a year.", "The Brenna council cut its parks budget to 4 million dollars on Monday, the mayor's office said.")]
    public async Task Arithmetic_and_unrelated_amounts_are_not_read_as_conflicts(string text, string source)
    {
        var claim = await CheckClaimAsync(text, source);
        Assert.NotEqual("refuted", claim.AutomaticVerdict!.Label);
        Assert.DoesNotContain(claim.Evidence.SelectMany(e => e.Reasons), r => r.Contains("differs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credible_sources_that_decisively_disagree_conflict()
    {
        // Two official counts of the same thing, neither revised: the verdict says they disagree.
        var claim = await CheckClaimAsync("The wildfire near Tarsk destroyed 40 homes.",
            "The wildfire near Tarsk destroyed 40 homes, the regional fire service said on Tuesday.",
            "The wildfire near Tarsk destroyed 12 homes, the regional government said after its assessment on Tuesday.");
        Assert.Equal("conflicting", claim.AutomaticVerdict!.Label);
        Assert.Equal(2, claim.AutomaticVerdict.EvidenceIds.Count);
    }

    [Fact]
    public async Task A_source_that_is_still_pending_is_not_flagged_and_the_article_waits_for_it()
    {
        // One pasted source, one page that answers slowly: the article is not verified while the page is pending.
        factory.Pages.Given(WireMock.RequestBuilders.Request.Create().WithPath("/slow-report").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithDelay(TimeSpan.FromSeconds(3))
                .WithHeader("Content-Type", "text/html").WithBody("<html><body><p>The Orvik council approved the budget on Monday.</p></body></html>"));
        var created = await ReadAsync<FactCheck.Api.Articles.ArticleResponse>(await Client.PostAsJsonAsync("/api/v1/articles", new
        {
            title = "Orvik budget",
            body = "The Orvik council approved the budget on Monday [1][2].",
            sources = new object[]
            {
                new { label = "Source 1", content = "The Orvik council approved the budget on Monday by 21 votes to 9." },
                new { label = "Source 2", url = factory.UrlOn("slow.test", "/slow-report") },
            },
        }));
        var sawPending = false;
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (DateTime.UtcNow < deadline)
        {
            var article = await ReadAsync<FactCheck.Api.Articles.ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"));
            var pending = article.Progress.Pending + article.Progress.Fetching > 0;
            if (pending)
            {
                sawPending = true;
                Assert.NotEqual(ArticleStatus.Verified, article.Status);
                foreach (var c in article.Claims)
                {
                    var detail = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{c.Id}"));
                    Assert.DoesNotContain(detail.Citations, x => x.FetchStatus is FetchStatus.Pending or FetchStatus.Fetching && x.Flag is not null);
                }
            }
            else if (article.Status == ArticleStatus.Verified) break;
            await Task.Delay(150);
        }
        Assert.True(sawPending, "the slow page was never seen pending");
        var done = await ReadAsync<FactCheck.Api.Articles.ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"));
        Assert.Equal(ArticleStatus.Verified, done.Status);
    }
}
