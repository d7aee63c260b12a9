using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Reports;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Api.Tests.Reports;

/// <summary>The API on a real Kestrel port (a browser needs one), verification on, so reports have verdicts.</summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "false",
        ["Verification:WorkerEnabled"] = "true",
    };

    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}

[CollectionDefinition(Name)]
public sealed class KestrelCollection : ICollectionFixture<KestrelApiFactory>
{
    public const string Name = "kestrel";
}

/// <summary>The report a person reads: HTML for browsers, share links without the key, rendered in headless Chromium.</summary>
[Collection(KestrelCollection.Name)]
public sealed class ReportTests(KestrelApiFactory factory) : ApiTest(factory)
{
    const string Injected = "<script>document.title='pwned';document.documentElement.setAttribute('data-pwned','1')</script>";
    const string InjectedImage = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">";

    async Task<(Guid ArticleId, Guid ClaimId)> VerifiedArticleAsync()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            title = "Budget report " + Injected,
            body = $"City buses carried 42.6 million passengers in 2025, according to the transit authority (Source 1). {InjectedImage} The council said the fare would stay at two euros (Source 2).",
            sources = new object[]
            {
                new { label = "Source 1", content = "The transit authority said city buses carried 36.1 million passengers in 2025. " + Injected },
                new { label = "Source 2", content = "The council confirmed that the fare will stay at two euros next year." },
            },
        }));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"))).Status != ArticleStatus.Verified)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("not verified in 60 s");
            await Task.Delay(200);
        }
        var article = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"));
        var claimId = article.Claims[0].Id;
        var etag = (await Client.GetAsync($"/api/v1/claims/{claimId}")).Headers.ETag!.ToString();
        var verdict = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{claimId}/verdicts")
        { Content = JsonContent.Create(new { rating = "false", rationale = "The authority's own figure is 36.1 million. " + Injected }) };
        verdict.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(verdict)).StatusCode);
        return (created.Id, claimId);
    }

    async Task<string> ShareLinkAsync(Guid articleId, object? body = null)
    {
        var response = await Client.PostAsJsonAsync($"/api/v1/articles/{articleId}/report-links", body ?? new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var link = await ReadJsonAsync(response);
        Assert.True(link.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        return link.GetProperty("url").GetString()!;
    }

    [Fact]
    public async Task A_share_link_opens_the_html_report_in_a_browser_where_injected_scripts_do_not_run()
    {
        var (articleId, _) = await VerifiedArticleAsync();
        var url = await ShareLinkAsync(articleId);
        Assert.StartsWith(factory.Address + "/reports/", url);
        Assert.DoesNotContain(TestKeys.Admin, url);

        var dom = await HeadlessChromium.DumpDomAsync(url);
        // Rendered: the article, each claim with its verdict, the evidence beside its source, the history.
        Assert.Contains("<title>Fact-check report: Budget report &lt;script&gt;", dom);
        Assert.Contains("City buses carried 42.6 million passengers in 2025", dom);
        Assert.Contains("id=\"claim-1\"", dom);
        Assert.Contains("36.1 million passengers", dom);
        Assert.Contains("Editorial history", dom);
        Assert.Contains("The authority's own figure is 36.1 million.", dom.Replace("&#39;", "'"));
        Assert.Matches("<mark class=\"v bad\"", dom);
        // The injected markup is text on the page, never elements, and nothing it tried ran.
        Assert.Contains("&lt;script&gt;document.title", dom);
        Assert.DoesNotContain("pwned</title>", dom);
        Assert.DoesNotContain("data-pwned", dom.Replace("&lt;script&gt;document.title='pwned';document.documentElement.setAttribute('data-pwned','1')&lt;/script&gt;", "")
            .Replace("&lt;img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\"&gt;", "")
            .Replace("&lt;img src=x onerror=&quot;document.documentElement.setAttribute('data-pwned','2')&quot;&gt;", ""));
        Assert.DoesNotContain("<script", dom);
        Assert.DoesNotContain("<img", dom);

        var results = Environment.GetEnvironmentVariable("FACTCHECK_TEST_RESULTS") ?? Path.Combine(RepoRoot.Path, ".data", "test-results");
        Directory.CreateDirectory(results);
        var screenshot = Path.Combine(results, "article-report.png");
        File.Delete(screenshot);
        await HeadlessChromium.ScreenshotAsync(url, screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
    }

    /// <summary>In the page: every word of at most 30 characters in a table cell stays on one line, the page does not
    /// scroll sideways, and the widths of the evidence table's columns.</summary>
    const string MeasureLayout = """
        (() => {
          const broken = []; let words = 0;
          for (const cell of document.querySelectorAll('table td, table th')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const re = /\S+/g; let m;
              while ((m = re.exec(n.data))) {
                if (m[0].length > 30) continue;
                words++;
                const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
                const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
                if (tops.size > 1) broken.push(m[0]);
              }
            }
          }
          const columns = [...(document.querySelector('table.evidence tbody tr')?.cells ?? [])].map(c => Math.round(c.getBoundingClientRect().width));
          return { words, broken, scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, columns };
        })()
        """;

    [Theory]
    [InlineData(1280, 900, false, "report-1280.png")]
    [InlineData(390, 844, true, "report-390-phone.png")]
    public async Task The_report_lays_out_for_a_desktop_window_and_a_phone_without_breaking_words_or_scrolling_sideways(int width, int height, bool phone, string file)
    {
        var (articleId, _) = await VerifiedArticleAsync();
        var url = await ShareLinkAsync(articleId);
        var results = Environment.GetEnvironmentVariable("FACTCHECK_TEST_RESULTS") ?? Path.Combine(RepoRoot.Path, ".data", "test-results");
        Directory.CreateDirectory(results);
        var screenshot = Path.Combine(results, file);

        var layout = (await HeadlessChromium.EvaluateAsync(url, width, height, phone, MeasureLayout, screenshot))!;

        Assert.True(layout["words"]!.GetValue<int>() > 20, layout.ToJsonString());
        Assert.True(layout["broken"]!.AsArray().Count == 0, $"words broken across lines at {width} px: {layout["broken"]!.ToJsonString()}");
        Assert.True(layout["scrollWidth"]!.GetValue<int>() <= layout["viewport"]!.GetValue<int>(), $"scrolls sideways at {width} px: {layout.ToJsonString()}");
        if (!phone)
        {
            // Source and stance columns wide enough for their words; the quote gets the room.
            var columns = layout["columns"]!.AsArray().Select(c => c!.GetValue<int>()).ToList();
            Assert.Equal(3, columns.Count);
            Assert.True(columns[1] > columns[0] && columns[1] > columns[2], string.Join(", ", columns));
        }
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");

        // Stance in words a reader understands; the model's number is secondary, and a neutral row shows none.
        var dom = await HeadlessChromium.DumpDomAsync(url);
        Assert.Matches("Contradicts the claim|Supports the claim|Does not settle it", dom);
        Assert.DoesNotMatch(@"Does not settle it</span>\s*\d", dom);
    }

    [Fact]
    public async Task A_share_link_is_read_only_to_its_report_and_refused_when_tampered_with_or_expired()
    {
        var (articleId, _) = await VerifiedArticleAsync();
        var url = await ShareLinkAsync(articleId, new { expiresInHours = 48 });
        using var anonymous = Factory.CreateClient(apiKey: null);

        var page = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());

        // Tampered: another character in the signature or the payload.
        var token = url[(url.LastIndexOf('/') + 1)..];
        foreach (var bad in new[] { token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), (token[0] == 'A' ? 'B' : 'A') + token[1..], token.Split('.')[0], "x.y", new string('A', 200) })
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/reports/{bad}")).StatusCode);

        // Expired: a link signed by the service with a past expiry.
        var expired = await factory.Services.GetRequiredService<ReportLinks>().CreateAsync(articleId, DateTimeOffset.UtcNow.AddSeconds(-1), default);
        var gone = await anonymous.GetAsync($"/reports/{expired}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType!.MediaType);

        // The link opens that report only: the API itself still wants a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/articles/{articleId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/articles/{articleId}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsJsonAsync($"/api/v1/articles/{Guid.NewGuid()}/report-links", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync($"/api/v1/articles/{articleId}/report-links", new { expiresInHours = 1000 })).StatusCode);

        // A deleted article's link no longer opens anything.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/v1/articles/{articleId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_report_is_markdown_for_tools_and_html_for_browsers()
    {
        var (articleId, _) = await VerifiedArticleAsync();
        var markdown = await Client.GetAsync($"/api/v1/articles/{articleId}/report");
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("# Fact-check report: Budget report", await markdown.Content.ReadAsStringAsync());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{articleId}/report");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var html = await Client.SendAsync(request);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var text = await html.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", text);
        Assert.DoesNotContain(Injected, text);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Injected), text);

        var both = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{articleId}/report");
        both.Headers.TryAddWithoutValidation("Accept", "text/markdown, text/html;q=0.5");
        Assert.Equal("text/markdown", (await Client.SendAsync(both)).Content.Headers.ContentType!.MediaType);

        // The OpenAPI document says so, so generated clients read a string, not void.
        var doc = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));
        var content = doc.GetProperty("paths").GetProperty("/api/v1/articles/{id}/report").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty("text/markdown", out _));
        Assert.True(content.TryGetProperty("text/html", out _));
        var review = doc.GetProperty("paths").GetProperty("/api/v1/claims/{id}/claimreview").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(review.TryGetProperty("application/ld+json", out _));
    }
}
