using System.Net.Http.Json;
using System.Net;
using FactCheck.Api.Articles;
using FactCheck.Api.Claims;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Api.Tests.Sources;
using FactCheck.Api.Verification;
using FactCheck.Data;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FactCheck.Api.Tests.Verification;

/// <summary>End to end: an article, its sources served by WireMock, fetched, verified, read back through the API.</summary>
[Collection(FetchCollection.Name)]
public sealed class VerificationTests(FetchApiFactory factory) : ApiTest(factory)
{
    const string Body = """
        North Korea has shipped 11,000 containers of munitions to Russia since September, according to Source 1. Russia and North Korea signed the treaty in Pyongyang on 19 June 2024 [2]. Putin gave Kim a luxury Aurus limousine as a personal gift (Source 3). US Secretary of State Antony Blinken criticised the visit in a statement on Thursday (Source 4).
        """;

    static string Html(string title, string text) =>
        $"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p><p>More reporting will follow as the story develops.</p></article></body></html>";

    public override async Task InitializeAsync()
    {
        factory.Pages.Reset();
        await base.InitializeAsync();
    }

    void Serve(string path, string title, string text) =>
        factory.Pages.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(Html(title, text)));


    [Fact]
    public async Task The_swagger_example_with_pasted_sources_shows_verdicts_with_evidence_at_once()
    {
        var doc = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));
        var example = doc.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("examples").GetProperty("pasted").GetProperty("value");

        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(example));
        var article = await WaitVerifiedAsync(created.Id);

        Assert.All(article.Sources, s => Assert.Equal(FetchStatus.Fetched, s.FetchStatus));
        var claims = new List<System.Text.Json.JsonElement>();
        foreach (var claim in article.Claims)
            claims.Add(await ReadJsonAsync(await Client.GetAsync($"/api/v1/claims/{claim.Id}")));
        var decided = claims.Where(c => c.GetProperty("automaticVerdict").GetProperty("label").GetString() is "supported" or "refuted").ToList();
        // The example exists to show verdicts resting on evidence: claims a source decides are decided, each naming its
        // evidence; the rest are undecided, with the side a source leans to kept apart (issue 28).
        Assert.True(decided.Count >= 1, "decided: " + string.Join(" | ", claims.Select(c => $"{c.GetProperty("automaticVerdict").GetProperty("label")}: {c.GetProperty("text")}")));
        Assert.All(claims.Except(decided), c => Assert.Equal(0, c.GetProperty("automaticVerdict").GetProperty("evidenceIds").GetArrayLength()));
        Assert.All(decided, c =>
        {
            Assert.NotEqual(0, c.GetProperty("automaticVerdict").GetProperty("evidenceIds").GetArrayLength());
            Assert.NotEqual(0, c.GetProperty("evidence").GetArrayLength());
        });
        var pact = Assert.Single(claims, c => c.GetProperty("text").GetString()!.StartsWith("Russian President Vladimir Putin and North Korean leader Kim Jong-un have recently signed a pact", StringComparison.Ordinal));
        Assert.Equal("supported", pact.GetProperty("automaticVerdict").GetProperty("label").GetString());
    }

    /// <summary>The claim once its automatic verdict is no longer <paramref name="previous"/> (at most 30 s).</summary>
    async Task<ClaimDetail> WaitNewVerdictAsync(Guid claimId, Guid previous)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ClaimDetail claim;
        do
        {
            claim = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{claimId}"));
            if (claim.AutomaticVerdict!.Id != previous) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        return claim;
    }

    [Fact]
    public async Task Claims_get_evidence_from_their_sources_and_verdicts_that_follow_it()
    {
        Serve("/munitions", "Arms shipments", "North Korea has shipped about 11,000 containers of munitions to Russia since September, officials said on Monday.");
        Serve("/treaty", "Treaty signed", "Russia and North Korea signed the treaty in Pyongyang on 12 July 2024, state media reported.");
        Serve("/football", "Cup final", "The home side won the cup final after extra time in front of a crowd of forty thousand supporters.");
        factory.Pages.Given(Request.Create().WithPath("/statement").UsingGet()).RespondWith(Response.Create().WithStatusCode(404));
        var host = $"v{Guid.NewGuid():N}"[..10] + ".test";

        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            title = "Pact",
            body = Body,
            sources = new object[]
            {
                new { url = factory.UrlOn(host, "/munitions") },
                new { url = factory.UrlOn(host, "/treaty") },
                new { url = factory.UrlOn(host, "/football") },
                new { url = factory.UrlOn(host, "/statement") },
            },
        }));
        var article = await WaitVerifiedAsync(created.Id);

        async Task<ClaimDetail> ClaimAsync(string fragment) =>
            await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{article.Claims.Single(c => c.Text.Contains(fragment, StringComparison.Ordinal)).Id}"));

        var munitions = await ClaimAsync("11,000 containers");
        Assert.Equal("supported", munitions.AutomaticVerdict!.Label);
        var evidence = Assert.Single(munitions.Evidence);
        Assert.Equal("Source 1", evidence.SourceLabel);
        Assert.Equal(Stance.Supports, evidence.Stance);
        Assert.Contains("11,000 containers", evidence.Quote, StringComparison.Ordinal);
        Assert.Null(munitions.Citations.Single().Flag);

        // A source that states a different date refutes, and the citation is flagged.
        var treaty = await ClaimAsync("19 June 2024");
        Assert.Equal("refuted", treaty.AutomaticVerdict!.Label);
        // Each passage says why: the conflicting date, the model's probabilities, and that the contradiction decided.
        var refuting = Assert.Single(treaty.Evidence, e => e.Stance == Stance.Refutes);
        Assert.Contains(refuting.Reasons, r => r.StartsWith("'19 June 2024' differs: the source gives 12 July 2024", StringComparison.Ordinal));
        Assert.Contains(refuting.Reasons, r => r.StartsWith("cross-encoder xenc-", StringComparison.Ordinal));
        Assert.Equal(Stance.Refutes, treaty.Evidence.Single().Stance);
        Assert.Equal(ClaimVerifier.NotSupportedFlag, treaty.Citations.Single().Flag);

        // An unrelated page gives not enough evidence.
        var gift = await ClaimAsync("Aurus limousine");
        Assert.Equal("not_enough_evidence", gift.AutomaticVerdict!.Label);
        Assert.All(gift.Evidence, e => Assert.Equal(Stance.Neutral, e.Stance));

        // An unreachable source is reported, not counted.
        var statement = await ClaimAsync("Blinken");
        Assert.Equal("not_enough_evidence", statement.AutomaticVerdict!.Label);
        Assert.Contains("could not be fetched", statement.AutomaticVerdict.Rationale, StringComparison.Ordinal);
        Assert.Empty(statement.Evidence);
        Assert.Equal(ClaimVerifier.UnavailableFlag, statement.Citations.Single().Flag);
        Assert.Equal(statement.AutomaticVerdict.Id, statement.CurrentVerdict!.Id);

        // One call reads the article: its claims in text order, each with its current verdict and evidence count.
        Assert.Equal(article.Claims.OrderBy(c => c.Start).Select(c => c.Id), article.Claims.Select(c => c.Id));
        foreach (var (summary, detail) in new[] { munitions, treaty, gift, statement }.Select(d => (article.Claims.Single(c => c.Id == d.Id), d)))
        {
            Assert.Equal(detail.CurrentVerdict!.Label, summary.Verdict!.Label);
            Assert.Equal(detail.CurrentVerdict.Confidence, summary.Verdict.Confidence);
            Assert.Equal(detail.CurrentVerdict.Lean, summary.Verdict.Lean);
            Assert.Equal(VerdictKind.Automatic, summary.Verdict.Kind);
            Assert.Equal(detail.Evidence.Count, summary.EvidenceCount);
        }
    }

    [Fact]
    public async Task Quotes_are_offsets_into_the_source_text()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            body = "The treaty obliges Russia and North Korea to help each other if either is attacked.",
            sources = new object[] { new { content = "Leaders met for hours. The treaty obliges Russia and North Korea to help each other if either is attacked. Details were not disclosed." } },
        }));
        var article = await WaitVerifiedAsync(created.Id);

        var claim = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{article.Claims.Single().Id}"));
        var evidence = Assert.Single(claim.Evidence);
        const string source = "Leaders met for hours. The treaty obliges Russia and North Korea to help each other if either is attacked. Details were not disclosed.";
        Assert.Equal("The treaty obliges Russia and North Korea to help each other if either is attacked.", source[evidence.QuoteStart..evidence.QuoteEnd]);
        Assert.Equal(source[evidence.QuoteStart..evidence.QuoteEnd], evidence.Quote);
        Assert.Equal("supported", claim.CurrentVerdict!.Label);
    }

    [Fact]
    public async Task A_single_claim_check_waits_for_its_verdict()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/claims/check?wait=30", new
        {
            text = "Arctic sea ice has been shrinking for decades.",
            sources = new object[]
            {
                new { content = "Satellite records show that Arctic sea ice extent has been shrinking for decades, with record lows in September." },
                new { content = "The football club signed a new goalkeeper this summer." },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claim = await ReadAsync<ClaimDetail>(response);
        Assert.Equal("Arctic sea ice has been shrinking for decades.", claim.Text);
        Assert.Equal("supported", claim.AutomaticVerdict!.Label);
        Assert.Equal(2, claim.Evidence.Count);
        Assert.Contains(claim.Evidence, e => e is { SourceLabel: "Source 1", Stance: Stance.Supports });
        Assert.Contains(claim.Evidence, e => e is { SourceLabel: "Source 2", Stance: Stance.Neutral });
        // The automatic verdict is the claim's current verdict, which search filters on.
        var found = await ReadJsonAsync(await Client.GetAsync("/api/v1/claims?q=arctic&verdict=supported"));
        Assert.Equal(claim.Id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Empty((await ReadJsonAsync(await Client.GetAsync("/api/v1/claims?q=arctic&verdict=refuted"))).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("Heavy rainfall events will become more frequent as the climate warms.",
        "Climate models project that heavy rainfall events will become more frequent as the climate warms.", "supported", "A prediction, checked against what the sources project")]
    [InlineData("Heavy rainfall events will become more frequent as the climate warms.",
        "The football club signed a new goalkeeper this summer.", "not_checkable", "A prediction that no source projects")]
    [InlineData("I think the new stadium is a wonderful building.",
        "The new stadium, a wonderful building, opened in May.", "not_checkable", "An opinion or question")]
    public async Task Predictions_are_checked_against_projections_and_opinions_never_are(string text, string source, string label, string rationale)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/claims/check?wait=30", new { text, sources = new object[] { new { content = source } } });

        var claim = await ReadAsync<ClaimDetail>(response);
        Assert.Equal(label, claim.AutomaticVerdict!.Label);
        Assert.StartsWith(rationale, claim.AutomaticVerdict.Rationale, StringComparison.Ordinal);
        // The engine version is made, not hand-written: the model, the rule list's fingerprint, the policy's thresholds.
        Assert.Matches(@"^xenc-[\w.-]+\+rules-[0-9a-f]{8}\+s\d\.\d\d-r\d\.\d\d$", claim.AutomaticVerdict.EngineVersion);
    }

    [Fact]
    public async Task Without_wait_a_check_is_accepted_with_the_claims_location()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/claims/check", new { text = "I think this is wonderful.", sources = new object[] { new { content = "Something else entirely." } } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var claim = await ReadAsync<ClaimDetail>(response);
        Assert.Equal($"/api/v1/claims/{claim.Id}", response.Headers.Location!.ToString());
        Assert.Equal("opinion", claim.Type);
    }

    [Theory]
    [InlineData("/api/v1/claims/check?wait=31", """{"text":"A claim."}""")]
    [InlineData("/api/v1/claims/check", """{"text":""}""")]
    public async Task Invalid_checks_get_a_400_problem(string url, string json)
    {
        await Articles.ArticleValidationTests.AssertProblemAsync(await Client.PostAsync(url, Requests.RawJson(json)), 400);
    }

    [Fact]
    public async Task The_report_lists_claims_verdicts_evidence_and_sources()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            title = "Treaty",
            body = "The treaty obliges Russia and North Korea to help each other if either is attacked.",
            sources = new object[] { new { content = "The treaty obliges Russia and North Korea to help each other if either is attacked." } },
        }));
        await WaitVerifiedAsync(created.Id);

        var response = await Client.GetAsync($"/api/v1/articles/{created.Id}/report");

        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var report = await response.Content.ReadAsStringAsync();
        Assert.Contains("# Fact-check report: Treaty", report, StringComparison.Ordinal);
        Assert.Contains("Verdict: **supported** (automatic", report, StringComparison.Ordinal);
        Assert.Matches(@"Evidence \(supports, \d\.\d\d; the verdict rests on it\) from Source 1", report);
        Assert.Contains("  - Why: similarity ", report, StringComparison.Ordinal);
        Assert.Contains("| Source 1 | (pasted text) | fetched |", report, StringComparison.Ordinal);
        await Articles.ArticleValidationTests.AssertProblemAsync(await Client.GetAsync($"/api/v1/articles/{Guid.NewGuid()}/report"), 404);
    }

    [Fact]
    public async Task A_plain_text_source_list_names_sources_and_one_named_only_awaits_its_text_from_a_fact_checker()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            title = "Treaty",
            body = "The treaty obliges Russia and North Korea to help each other if either is attacked [1].\n\nRelated Sources:\n\n• Source 1 • Source 2",
        }));

        // The sample's list: two sources, named only, awaiting a URL or text; the [1] marker cites the first.
        Assert.Equal(["Source 1", "Source 2"], created.Sources.Select(s => s.Label));
        Assert.All(created.Sources, s => Assert.Equal(FetchStatus.Awaiting, s.FetchStatus));
        Assert.Equal(2, created.Progress.Awaiting);
        var claim = Assert.Single(created.Claims);
        Assert.Contains(claim.Citations, c => c.Label == "Source 1" && c.Kind == CitationKind.Explicit);
        // Nothing to wait for: the article is verified with what it has.
        await WaitVerifiedAsync(created.Id);
        var before = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{claim.Id}"));
        Assert.Equal("not_enough_evidence", before.AutomaticVerdict!.Label);

        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PutAsJsonAsync($"/api/v1/sources/{created.Sources[0].Id}", new { })).StatusCode);
        var supplied = await Client.PutAsJsonAsync($"/api/v1/sources/{created.Sources[0].Id}",
            new { content = "Under the treaty, Russia and North Korea must help each other if either is attacked, the text says." });
        Assert.Equal(HttpStatusCode.OK, supplied.StatusCode);
        Assert.Equal(FetchStatus.Fetched, (await ReadAsync<FactCheck.Api.Sources.SourceDetail>(supplied)).FetchStatus);
        await Articles.ArticleValidationTests.AssertProblemAsync(
            await Client.PutAsJsonAsync($"/api/v1/sources/{created.Sources[0].Id}", new { content = "Again." }), 409);

        var after = await WaitNewVerdictAsync(claim.Id, before.AutomaticVerdict.Id);
        Assert.Equal("supported", after.AutomaticVerdict!.Label);
        var article = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"));
        Assert.Equal(1, article.Progress.Awaiting);
    }

    [Fact]
    public async Task A_source_attached_by_a_fact_checker_is_verified_like_the_rest()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            body = "The treaty obliges Russia and North Korea to help each other if either is attacked.",
            sources = new object[] { new { content = "The weather in Pyongyang was warm and sunny all week." } },
        }));
        await WaitVerifiedAsync(created.Id);
        var claimId = created.Claims.Single().Id;
        var before = await ReadAsync<ClaimDetail>(await Client.GetAsync($"/api/v1/claims/{claimId}"));
        Assert.Equal("not_enough_evidence", before.AutomaticVerdict!.Label);

        var added = await Client.PostAsJsonAsync($"/api/v1/claims/{claimId}/citations", new
        {
            content = "Under the treaty, Russia and North Korea must help each other if either is attacked, the text says.",
            label = "Treaty text",
        });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var citation = await ReadAsync<ClaimCitationDetail>(added);
        Assert.Equal(CitationKind.Manual, citation.Kind);
        await WaitVerifiedAsync(created.Id);
        var after = await WaitNewVerdictAsync(claimId, before.AutomaticVerdict.Id);
        Assert.Equal("supported", after.AutomaticVerdict!.Label);
        Assert.Contains(after.Evidence, e => e is { SourceLabel: "Treaty text", Stance: Stance.Supports });

        var again = await Client.PostAsJsonAsync($"/api/v1/claims/{claimId}/citations", new { sourceId = citation.SourceId });
        await Articles.ArticleValidationTests.AssertProblemAsync(again, 409);
        await Articles.ArticleValidationTests.AssertProblemAsync(
            await Client.PostAsJsonAsync($"/api/v1/claims/{claimId}/citations", new { sourceId = citation.SourceId, content = "both" }), 400);
        await Articles.ArticleValidationTests.AssertProblemAsync(
            await Client.PostAsJsonAsync($"/api/v1/claims/{Guid.NewGuid()}/citations", new { content = "text" }), 404);
    }
}
