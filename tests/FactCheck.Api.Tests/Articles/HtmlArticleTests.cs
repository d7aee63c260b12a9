using System.Net;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;

namespace FactCheck.Api.Tests.Articles;

[Collection(ApiCollection.Name)]
public sealed class HtmlArticleTests(ApiFactory factory) : ApiTest(factory)
{
    static readonly string SampleHtml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "putin-kim-defence-pact.html"));

    [Fact]
    public async Task An_html_article_gets_its_listed_sources_and_inline_links_as_citations()
    {
        var response = await Client.PostArticleAsync(new { html = SampleHtml, url = "https://news.example.com/world/putin-kim-pact" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await ReadAsync<ArticleResponse>(response);
        Assert.Equal("Putin and Kim Sign Mutual Defence Pact, Raising Concerns in the West", article.Title);
        Assert.DoesNotContain("Related Sources", article.Body, StringComparison.Ordinal);
        Assert.Equal(["Source 1", "Source 2", "Source 3", "Source 4"], article.Sources.Select(s => s.Label));
        Assert.Equal("https://wire.example.org/2024/06/19/russia-north-korea-sign-pact?utm_source=newsletter", article.Sources[0].Url);
        Assert.Equal("https://news.example.com/world/asia/aurus-limousine-gift", article.Sources[3].Url);
        Assert.All(article.Claims, c => Assert.Equal(c.Text, article.Body[c.Start..c.End]));

        // The link in the Blinken sentence points at Source 3: that sentence cites it, inline.
        var blinken = article.Claims.Single(c => c.Text.Contains("Blinken", StringComparison.Ordinal));
        Assert.Contains(blinken.Citations, c => c is { Label: "Source 3", Kind: CitationKind.InlineLink });
        // The gifts sentence links a page no source named: it became Source 4.
        var gifts = article.Claims.Single(c => c.Text.Contains("lavish gifts", StringComparison.Ordinal));
        Assert.Contains(gifts.Citations, c => c is { Label: "Source 4", Kind: CitationKind.InlineLink });
        // Sources 1 and 2 are only listed: candidates for every claim.
        Assert.All(article.Claims, c => Assert.Contains(c.Citations, x => x is { Label: "Source 1", Kind: CitationKind.ArticleLevel }));
        // Source 3 is cited explicitly: a claim citing something of its own does not get it as a candidate (a claim citing nothing gets every source).
        Assert.DoesNotContain(article.Claims.Where(c => c.Citations.Any(x => x.Kind is not CitationKind.ArticleLevel)).SelectMany(c => c.Citations),
            c => c is { Label: "Source 3", Kind: CitationKind.ArticleLevel });
    }

    [Fact]
    public async Task Requested_sources_come_first_and_a_listed_duplicate_is_not_added_twice()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            html = SampleHtml,
            sources = new[] { new { label = "Wire", url = "https://wire.example.org/2024/06/19/russia-north-korea-sign-pact" } },
        }));

        Assert.Equal("Wire", article.Sources[0].Label);
        Assert.Single(article.Sources, s => s.Url!.StartsWith("https://wire.example.org/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"body":"Text.","html":"<p>Text.</p>"}""", "html")]
    [InlineData("""{"html":""}""", "html")]
    [InlineData("""{"html":"<html><body><script>var x = 1;</script></body></html>"}""", "html")]
    public async Task Invalid_html_requests_get_a_400_problem(string json, string field)
    {
        var response = await Client.PostAsync("/api/v1/articles", Requests.RawJson(json));

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }
}
