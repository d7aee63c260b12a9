using System.Net;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Platform;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.Articles;

[Collection(ApiCollection.Name)]
public sealed class CreateArticleTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Posting_the_sample_article_returns_its_three_sources_and_claims_whose_offsets_cut_the_body()
    {
        var sample = Samples.PutinKimArticle;
        var title = sample[..sample.IndexOf('\n')].Trim();
        var body = sample[(sample.IndexOf('\n') + 1)..].Trim();
        var response = await Client.PostArticleAsync(Requests.Article(title, body, [
            new { label = "Source 1", url = "https://wire.example.org/2024/06/19/russia-north-korea-sign-pact" },
            new { label = "Source 2", url = "https://www.example.net/asia/kim-putin-treaty-mutual-defence" },
            new { label = "Source 3", url = "https://press.example.gov/blinken-remarks-putin-visit-pyongyang" },
        ]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await ReadAsync<ArticleResponse>(response);
        Assert.Equal($"/api/v1/articles/{article.Id}", response.Headers.Location?.ToString());
        Assert.Equal(title, article.Title);
        Assert.Equal(body, article.Body);
        Assert.Equal(["Source 1", "Source 2", "Source 3"], article.Sources.Select(s => s.Label));
        Assert.All(article.Sources, s => Assert.Equal(FetchStatus.Pending, s.FetchStatus));
        Assert.Equal(new SourceProgress(3, 3, 0, 0, 0, 0), article.Progress);

        Assert.True(article.Claims.Count >= 6, $"only {article.Claims.Count} claims");
        Assert.Equal(Enumerable.Range(1, article.Claims.Count), article.Claims.Select(c => c.Ordinal));
        foreach (var claim in article.Claims)
        {
            Assert.Equal(claim.Text, body[claim.Start..claim.End]);
            Assert.InRange(claim.CheckWorthiness, 0, 1);
        }
        Assert.Contains(article.Claims, c => c.Text.Contains("mutual defence clause", StringComparison.Ordinal));
        Assert.Contains(article.Claims, c => c.Text.Contains("Blinken criticized", StringComparison.Ordinal));
        Assert.DoesNotContain(article.Claims, c => c.Text.Contains("Source 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_article_is_stored_and_served_again_by_get()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article()));

        var fetched = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"));
        var claims = await ReadAsync<List<ClaimResponse>>(await Client.GetAsync($"/api/v1/articles/{created.Id}/claims"));

        Assert.Equal(JsonSerializer.Serialize(created, ApiFactory.Json), JsonSerializer.Serialize(fetched, ApiFactory.Json));
        Assert.Equal(created.Claims.Select(c => c.Id), claims.Select(c => c.Id));
    }

    [Fact]
    public async Task Explicit_markers_link_claims_to_the_sources_they_name()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article()));

        string[] LabelsOf(string fragment) =>
            article.Claims.Single(c => c.Text.Contains(fragment, StringComparison.Ordinal)).Citations.Select(c => c.Label).ToArray();
        Assert.Equal(["Source 1"], LabelsOf("mutual defence clause"));
        Assert.Equal(["Source 2"], LabelsOf("strongest ever treaty"));
        Assert.Equal(["Source 3"], LabelsOf("Blinken"));
        Assert.All(article.Claims.SelectMany(c => c.Citations), c => Assert.Equal(CitationKind.Explicit, c.Kind));
    }

    [Fact]
    public async Task Claims_carry_speaker_entities_numbers_and_type_and_get_returns_them()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article()));
        var article = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"));

        var blinken = article.Claims.Single(c => c.Text.Contains("Blinken", StringComparison.Ordinal));
        Assert.Equal("Antony Blinken", blinken.Speaker);
        Assert.Equal("quote", blinken.Type);
        var pact = article.Claims.Single(c => c.Text.Contains("mutual defence clause", StringComparison.Ordinal));
        Assert.Contains(pact.Entities, e => e is { Name: "Vladimir Putin", Kind: Analysis.Claims.EntityKind.Person });
        Assert.Contains(pact.Numbers, n => n is { Text: "two", Value: 2, Kind: Analysis.Claims.QuantityKind.Count });
        Assert.All(pact.Entities, e => Assert.Equal(e.Text, article.Body[e.Start..e.End]));
        Assert.NotEmpty(pact.Reasons);
    }

    [Fact]
    public async Task Sources_the_body_only_lists_become_article_level_candidates_for_every_claim()
    {
        var sample = Samples.PutinKimArticle;
        var body = sample[(sample.IndexOf('\n') + 1)..].Trim();

        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(body: body)));

        Assert.All(article.Claims, c => Assert.Equal(["Source 1", "Source 2", "Source 3"], c.Citations.Select(x => x.Label)));
        Assert.All(article.Claims.SelectMany(c => c.Citations), c => Assert.Equal(CitationKind.ArticleLevel, c.Kind));
    }

    [Fact]
    public async Task Labels_default_to_source_n_by_position_and_given_labels_are_kept()
    {
        var response = await Client.PostArticleAsync(Requests.Article(sources: [
            new { url = "https://a.example.org/1" },
            new { label = "Ministry statement", url = "https://b.example.org/2" },
            new { content = "Pasted text of the third source." },
        ]));

        var article = await ReadAsync<ArticleResponse>(response);
        Assert.Equal(["Source 1", "Ministry statement", "Source 3"], article.Sources.Select(s => s.Label));
        Assert.Equal([1, 2, 3], article.Sources.Select(s => s.Ordinal));
    }

    [Fact]
    public async Task A_pasted_source_counts_as_fetched_and_keeps_its_text()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(sources: [
            new { content = "North Korea and Russia signed a comprehensive strategic partnership treaty." },
        ])));

        var source = Assert.Single(article.Sources);
        Assert.Equal(FetchStatus.Fetched, source.FetchStatus);
        Assert.True(source.HasContent);
        Assert.Null(source.Url);
        var text = await Factory.WithDbAsync(db => db.ArticleSources.Where(s => s.Id == source.Id).Select(s => s.Document!.Text).SingleAsync());
        Assert.Equal("North Korea and Russia signed a comprehensive strategic partnership treaty.", text);
    }

    [Fact]
    public async Task Articles_citing_the_same_page_share_one_document()
    {
        await Client.PostArticleAsync(Requests.Article(sources: [new { url = "https://Wire.Example.org:443/pact?utm_source=x&b=2&a=1#top" }]));
        await Client.PostArticleAsync(Requests.Article(sources: [new { url = "https://wire.example.org/pact?a=1&b=2&fbclid=abc" }]));

        var documents = await Factory.WithDbAsync(db => db.Documents.Select(d => d.NormalizedUrl).ToListAsync());
        Assert.Equal(["https://wire.example.org/pact?a=1&b=2"], documents);
    }

    [Fact]
    public async Task An_article_without_sources_is_accepted()
    {
        var response = await Client.PostArticleAsync(new { title = "No sources", body = "The pact was signed in Pyongyang on 19 June 2024." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await ReadAsync<ArticleResponse>(response);
        Assert.Empty(article.Sources);
        Assert.Equal(0, article.Progress.Total);
    }

    [Fact]
    public async Task A_missing_title_is_taken_from_the_first_line_of_the_body()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            body = "Putin visits Pyongyang\n\nPutin arrived in Pyongyang on Wednesday for a two-day visit.",
        }));

        Assert.Equal("Putin visits Pyongyang", article.Title);
    }

    [Fact]
    public async Task A_source_list_that_yields_nothing_is_a_warning_on_the_article_and_a_plain_article_has_none()
    {
        var listed = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(
            body: "The port handled 41.2 million tonnes of cargo in 2024, the authority said.\n\nSources:\n", sources: [])));
        var warning = Assert.Single(listed.Warnings);
        Assert.Contains("'Sources' list", warning, StringComparison.Ordinal);
        Assert.Contains("nothing follows the heading", warning, StringComparison.Ordinal);
        Assert.Empty(listed.Sources);
        // Kept with the article: it reads the same later.
        var again = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{listed.Id}"));
        Assert.Equal(listed.Warnings, again.Warnings);

        // A port out of range: not a URL that can be fetched.
        var skipped = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(
            body: "The port handled 41.2 million tonnes of cargo in 2024 [1].\nSources: 1. https://port.example.org/report 2. https://port.example.org:99999/annex", sources: [])));
        Assert.Equal(["Source 1"], skipped.Sources.Select(s => s.Label));
        Assert.Contains(skipped.Warnings, w => w.StartsWith("'Source 2' of the source list was left out", StringComparison.Ordinal));

        var plain = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article()));
        Assert.Empty(plain.Warnings);
    }
}
