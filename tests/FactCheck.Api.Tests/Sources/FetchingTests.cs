using System.Net;
using System.Text;
using FactCheck.Api.Articles;
using FactCheck.Api.Sources;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FactCheck.Api.Tests.Sources;

[Collection(FetchCollection.Name)]
public sealed class FetchingTests(FetchApiFactory factory) : ApiTest(factory)
{
    new FetchApiFactory Factory => (FetchApiFactory)base.Factory;

    const string Page = """
        <html><head><title>Russia and North Korea sign pact</title></head><body>
        <article><h1>Russia and North Korea sign pact</h1>
        <p>Russian President Vladimir Putin and North Korean leader Kim Jong-un signed a comprehensive strategic partnership treaty in Pyongyang on Wednesday.</p>
        <p>The treaty includes a mutual defence clause obliging each side to help the other if it is attacked, according to the text published by state media.</p>
        <p>Kim called it the strongest treaty the two countries had ever signed, while Putin described it as a breakthrough document.</p>
        </article></body></html>
        """;

    public override async Task InitializeAsync()
    {
        Factory.Pages.Reset();
        Factory.Other.Reset();
        await base.InitializeAsync();
    }

    // A host name of its own per test, so circuit breakers (one per host) do not carry over.
    static string NewHost() => $"h{Guid.NewGuid():N}"[..12] + ".test";

    async Task<ArticleResponse> PostAsync(params string[] urls)
    {
        var response = await Client.PostArticleAsync(Requests.Article(body: "Putin and Kim signed a pact in Pyongyang on Wednesday.",
            sources: urls.Select(u => (object)new { url = u }).ToArray()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync<ArticleResponse>(response);
    }

    void Serve(string path, int status, string body = Page, string contentType = "text/html; charset=utf-8") =>
        Factory.Pages.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

    int RequestsTo(string path) => Factory.Pages.LogEntries.Count(e => e.RequestMessage!.Path == path);

    [Fact]
    public async Task A_page_that_fails_once_then_answers_is_fetched_with_passages_and_the_article_moves_on()
    {
        Factory.Pages.Given(Request.Create().WithPath("/flaky").UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(500));
        Factory.Pages.Given(Request.Create().WithPath("/flaky").UsingGet()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html; charset=utf-8").WithHeader("ETag", "\"v1\"").WithBody(Page));
        var host = NewHost();

        var article = await PostAsync(Factory.UrlOn(host, "/flaky"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Fetched);

        Assert.Equal("Russia and North Korea sign pact", document.Title);
        Assert.Contains("mutual defence clause", document.Text, StringComparison.Ordinal);
        Assert.Equal(200, document.HttpStatus);
        Assert.Equal("\"v1\"", document.ETag);
        Assert.Equal(2, RequestsTo("/flaky"));
        // The failed attempt is one warning line without a stack trace; Polly's own entries (three, two with stacks) are off.
        var attempts = Factory.Logs.Entries.Where(e => e.Category == "FactCheck.Api.Sources.Attempts" && e.Message.Contains(host, StringComparison.Ordinal)).ToList();
        var attempt = Assert.Single(attempts);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, attempt.Level);
        Assert.Null(attempt.Exception);
        Assert.Contains("HTTP 500", attempt.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Factory.Logs.Entries, e => e.Category.StartsWith("Polly", StringComparison.Ordinal));
        Assert.Contains("FactCheckBot", Factory.Pages.LogEntries.First().RequestMessage!.Headers!["User-Agent"].Single(), StringComparison.Ordinal);
        var passages = await Factory.WithDbAsync(db => db.Passages.Where(p => p.DocumentId == document.Id).OrderBy(p => p.Ordinal).ToListAsync());
        Assert.NotEmpty(passages);
        Assert.All(passages, p => Assert.Equal(p.Text, document.Text![p.Start..p.End]));
        var hits = await Factory.WithDbAsync(db => db.Passages.CountAsync(p => p.DocumentId == document.Id && p.SearchVector.Matches("defence & clause")));
        Assert.Equal(1, hits);

        var view = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{article.Id}"));
        // Every source is final: the article has moved on to verification (and may have finished it).
        Assert.Contains(view.Status, new[] { ArticleStatus.Verifying, ArticleStatus.Verified });
        Assert.Equal(new SourceProgress(1, 0, 0, 1, 0, 0), view.Progress);
        var source = await ReadAsync<SourceDetail>(await Client.GetAsync($"/api/v1/sources/{article.Sources[0].Id}"));
        Assert.Equal(FetchStatus.Fetched, source.FetchStatus);
        Assert.Equal("Russia and North Korea sign pact", source.DocumentTitle);
        Assert.StartsWith("Russian President Vladimir Putin", source.Excerpt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(451)]
    public async Task A_permanent_http_failure_fails_at_once(int status)
    {
        Serve("/gone", status);
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/gone"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Failed);

        Assert.Equal($"HTTP {status}", document.LastError);
        Assert.Equal(1, document.Attempts);
        Assert.Equal(1, RequestsTo("/gone"));
    }

    [Fact]
    public async Task A_host_name_that_does_not_exist_fails_at_once()
    {
        // The stub resolver answers "host not found" for names outside .test, as DNS answers NXDOMAIN.
        var host = "nowhere-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        var started = DateTime.UtcNow;
        await PostAsync(Factory.UrlOn(host, "/story"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Failed);

        Assert.Equal("the host name does not exist", document.LastError);
        Assert.True(document.Attempts <= 2, $"{document.Attempts} attempts");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "failed only after retries");
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says_then_fetches()
    {
        Factory.Pages.Given(Request.Create().WithPath("/busy").UsingGet()).InScenario("busy").WillSetStateTo("free")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        Factory.Pages.Given(Request.Create().WithPath("/busy").UsingGet()).InScenario("busy").WhenStateIs("free")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(Page));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/busy"));
        var waiting = await Factory.WaitForDocumentAsync($"http://{host}", d => d is { Status: FetchStatus.Pending, Attempts: 1 });
        var fetched = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Fetched);

        Assert.Equal("HTTP 429", waiting.LastError);
        Assert.True(waiting.NextAttemptAt - waiting.UpdatedAt >= TimeSpan.FromSeconds(0.99), $"{waiting.NextAttemptAt} vs {waiting.UpdatedAt}");
        var requests = Factory.Pages.LogEntries.Where(e => e.RequestMessage!.Path == "/busy").Select(e => e.RequestMessage!.DateTime).ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1] - requests[0] >= TimeSpan.FromSeconds(0.99));
        Assert.Equal(2, fetched.Attempts);
    }

    [Fact]
    public async Task A_page_that_never_answers_in_time_fails_after_the_last_attempt()
    {
        Factory.Pages.Given(Request.Create().WithPath("/slow").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Page).WithDelay(TimeSpan.FromSeconds(3)));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/slow"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Failed, seconds: 40);

        Assert.Equal(3, document.Attempts);
        Assert.Contains("gave up after 3 attempts", document.LastError, StringComparison.Ordinal);
        // The last attempt either timed out again or found the host's circuit opened by the earlier timeouts.
        Assert.Matches("timed out|circuit open", document.LastError);
    }

    [Fact]
    public async Task Redirects_are_followed_and_the_final_url_kept()
    {
        Factory.Pages.Given(Request.Create().WithPath("/r1").UsingGet()).RespondWith(Response.Create().WithStatusCode(301).WithHeader("Location", "/r2"));
        Factory.Pages.Given(Request.Create().WithPath("/r2").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/r3"));
        Serve("/r3", 200);
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/r1"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Fetched);

        Assert.Equal(Factory.UrlOn(host, "/r3"), document.FinalUrl);
    }

    [Fact]
    public async Task A_redirect_loop_fails()
    {
        Factory.Pages.Given(Request.Create().WithPath("/a").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/b"));
        Factory.Pages.Given(Request.Create().WithPath("/b").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/a"));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/a"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Failed);

        Assert.Equal("redirect loop", document.LastError);
    }

    [Fact]
    public async Task A_chain_longer_than_five_redirects_fails()
    {
        for (var i = 0; i < 7; i++)
            Factory.Pages.Given(Request.Create().WithPath($"/hop{i}").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", $"/hop{i + 1}"));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/hop0"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Failed);

        Assert.Equal("more than 5 redirects", document.LastError);
        Assert.Equal(6, Factory.Pages.LogEntries.Count(e => e.RequestMessage!.Path.StartsWith("/hop", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://internal.test:{port}/admin", "private address (10.0.0.0/8)")]
    public async Task A_redirect_to_a_blocked_address_is_blocked_and_never_followed(string location, string reason)
    {
        // internal.test resolves to a private address: the guard refuses it before any socket opens.
        Factory.Resolver.Names["internal.test"] = [IPAddress.Parse("10.20.30.40")];
        Factory.Pages.Given(Request.Create().WithPath("/evil").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", location.Replace("{port}", Factory.Pages.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/evil"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Blocked);

        Assert.Contains(reason, document.LastError, StringComparison.Ordinal);
        Assert.Single(Factory.Pages.LogEntries);
    }

    [Fact]
    public async Task Credentials_in_a_redirect_target_are_never_shown_stored_or_followed()
    {
        var host = NewHost();
        Factory.Pages.Given(Request.Create().WithPath("/login").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", Factory.UrlOn(host, "/private").Replace("http://", "http://admin:hunter2@", StringComparison.Ordinal)));

        var created = await PostAsync(Factory.UrlOn(host, "/login"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Blocked);

        Assert.Contains("credentials", document.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", document.FinalUrl ?? "", StringComparison.Ordinal);
        Assert.Equal(Factory.UrlOn(host, "/private"), document.FinalUrl);
        var source = await Client.GetStringAsync($"/api/v1/sources/{created.Sources.Single().Id}");
        Assert.DoesNotContain("hunter2", source, StringComparison.Ordinal);
        Assert.Equal(0, RequestsTo("/private"));
    }

    [Fact]
    public async Task A_host_resolving_to_loopback_and_a_private_address_is_blocked()
    {
        Factory.Resolver.Names["mixed.test"] = [IPAddress.Loopback, IPAddress.Parse("192.168.1.10")];
        Serve("/mixed", 200);

        await PostAsync(Factory.UrlOn("mixed.test", "/mixed"));
        var document = await Factory.WaitForDocumentAsync("http://mixed.test", d => d.Status == FetchStatus.Blocked);

        Assert.Contains("192.168.0.0/16", document.LastError, StringComparison.Ordinal);
        Assert.Equal(0, RequestsTo("/mixed"));
    }

    [Fact]
    public async Task An_oversized_body_fails_whether_or_not_its_length_is_declared()
    {
        var big = "<html><body><p>" + new string('x', 70_000) + "</p></body></html>";
        Serve("/declared", 200, big);
        Factory.Pages.Given(Request.Create().WithPath("/chunked").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(big).WithTransformer(false)
                .WithHeader("Transfer-Encoding", "chunked"));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/declared"), Factory.UrlOn(host, "/chunked"));
        var declared = await Factory.WaitForDocumentAsync($"http://{host}:{Factory.Pages.Port}/declared", d => d.Status == FetchStatus.Failed);
        var chunked = await Factory.WaitForDocumentAsync($"http://{host}:{Factory.Pages.Port}/chunked", d => d.Status == FetchStatus.Failed);

        Assert.StartsWith("too large", declared.LastError, StringComparison.Ordinal);
        Assert.StartsWith("too large", chunked.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image/png", "unsupported content type image/png")]
    [InlineData("application/zip", "unsupported content type application/zip")]
    public async Task A_page_of_an_unsupported_type_fails_at_once(string contentType, string error)
    {
        Serve("/file", 200, "%PDF-1.4 ...", contentType);
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/file"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Failed);

        Assert.StartsWith(error, document.LastError, StringComparison.Ordinal);
        Assert.Equal(1, document.Attempts);
    }

    [Fact]
    public async Task Charsets_come_from_the_header_or_the_meta_tag()
    {
        var latin1 = Encoding.GetEncoding("ISO-8859-1");
        Factory.Pages.Given(Request.Create().WithPath("/header").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "text/plain; charset=iso-8859-1").WithBody(latin1.GetBytes("Le café de la Défense a fermé.")));
        Factory.Pages.Given(Request.Create().WithPath("/meta").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "text/html").WithBody(latin1.GetBytes("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Señor Müller a dit « non ».</p></body></html>")));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/header"), Factory.UrlOn(host, "/meta"));
        var header = await Factory.WaitForDocumentAsync($"http://{host}:{Factory.Pages.Port}/header", d => d.Status == FetchStatus.Fetched);
        var meta = await Factory.WaitForDocumentAsync($"http://{host}:{Factory.Pages.Port}/meta", d => d.Status == FetchStatus.Fetched);

        Assert.Equal("Le café de la Défense a fermé.", header.Text);
        Assert.Equal("Señor Müller a dit « non ».", meta.Text);
    }

    [Fact]
    public async Task A_page_with_NUL_characters_is_stored_without_them()
    {
        // PostgreSQL text cannot hold U+0000; a page carrying some (binary junk in a text file) must still be stored.
        Factory.Pages.Given(Request.Create().WithPath("/nul").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody(Encoding.UTF8.GetBytes("Unemployment fell\0 to 11.7 percent.\0")));
        var host = NewHost();

        await PostAsync(Factory.UrlOn(host, "/nul"));
        var document = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status is FetchStatus.Fetched or FetchStatus.Failed);

        Assert.Equal(FetchStatus.Fetched, document.Status);
        Assert.Equal("Unemployment fell to 11.7 percent.", document.Text);
    }

    [Fact]
    public async Task A_dead_host_opens_its_circuit_while_other_hosts_carry_on()
    {
        var dead = NewHost();
        var alive = NewHost();
        Serve("/fine", 200);
        var deadUrls = Enumerable.Range(0, 4).Select(i => $"http://{dead}:{Factory.DeadPort}/page{i}").ToArray();

        await PostAsync([.. deadUrls, Factory.UrlOn(alive, "/fine")]);
        await Factory.WaitForDocumentAsync($"http://{alive}", d => d.Status == FetchStatus.Fetched);
        var opened = await WaitAsync(async () => await Factory.WithDbAsync(db =>
            db.Documents.AnyAsync(d => d.NormalizedUrl!.StartsWith($"http://{dead}") && d.LastError!.Contains("circuit open"))));

        Assert.True(opened, "no document of the dead host reports an open circuit");
    }

    [Fact]
    public async Task An_open_circuit_defers_healthy_pages_without_using_their_attempts()
    {
        // One host, 6 pages that always answer 500 and 30 healthy ones: the broken pages open the host's circuit, and
        // the healthy pages it turns away must wait for it to close, not fail without a request ever sent for them.
        var host = NewHost();
        for (var i = 0; i < 6; i++) Serve($"/broken{i}", 500);
        for (var i = 0; i < 30; i++) Serve($"/healthy{i}", 200);
        var urls = Enumerable.Range(0, 6).Select(i => Factory.UrlOn(host, $"/broken{i}"))
            .Concat(Enumerable.Range(0, 30).Select(i => Factory.UrlOn(host, $"/healthy{i}"))).ToArray();

        await PostAsync(urls);
        var final = await WaitAsync(async () => await Factory.WithDbAsync(db =>
            db.Documents.CountAsync(d => d.NormalizedUrl!.StartsWith($"http://{host}") && (d.Status == FetchStatus.Fetched || d.Status == FetchStatus.Failed))) == 36, seconds: 90);
        var documents = await Factory.WithDbAsync(db => db.Documents.Where(d => d.NormalizedUrl!.StartsWith($"http://{host}")).ToListAsync());

        Assert.True(final, string.Join("; ", documents.Select(d => $"{d.NormalizedUrl} {d.Status} {d.LastError}")));
        Assert.All(documents.Where(d => d.NormalizedUrl!.Contains("/healthy", StringComparison.Ordinal)), d => Assert.Equal(FetchStatus.Fetched, d.Status));
        Assert.All(documents.Where(d => d.NormalizedUrl!.Contains("/broken", StringComparison.Ordinal)), d => Assert.Equal(FetchStatus.Failed, d.Status));
        // Only answers from the page count as attempts: no healthy page was charged more than the one that fetched it.
        Assert.All(documents.Where(d => d.NormalizedUrl!.Contains("/healthy", StringComparison.Ordinal)), d => Assert.Equal(1, d.Attempts));
        Assert.Contains(documents, d => d.LastError?.Contains("HTTP 500", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_refetch_of_an_unchanged_page_gets_304_and_keeps_the_snapshot()
    {
        Factory.Pages.Given(Request.Create().WithPath("/cond").WithHeader("If-None-Match", "\"v1\"").UsingGet())
            .AtPriority(1).RespondWith(Response.Create().WithStatusCode(304).WithHeader("ETag", "\"v1\""));
        Factory.Pages.Given(Request.Create().WithPath("/cond").UsingGet()).AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithHeader("ETag", "\"v1\"").WithBody(Page));
        var host = NewHost();
        var article = await PostAsync(Factory.UrlOn(host, "/cond"));
        var first = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Fetched);

        var refetch = await Client.PostAsync($"/api/v1/sources/{article.Sources[0].Id}/refetch", null);
        Assert.Equal(HttpStatusCode.Accepted, refetch.StatusCode);
        var second = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Fetched && d.HttpStatus == 304);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.True(second.FetchedAt > first.FetchedAt);
        Assert.Equal(0, await Factory.WithDbAsync(db => db.DocumentSnapshots.CountAsync()));
    }

    [Fact]
    public async Task A_refetch_that_changes_the_content_keeps_the_previous_hash_in_history()
    {
        Factory.Pages.Given(Request.Create().WithPath("/news").UsingGet()).InScenario("news").WillSetStateTo("updated")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(Page));
        Factory.Pages.Given(Request.Create().WithPath("/news").UsingGet()).InScenario("news").WhenStateIs("updated")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(Page.Replace("Wednesday", "Thursday", StringComparison.Ordinal)));
        var host = NewHost();
        var article = await PostAsync(Factory.UrlOn(host, "/news"));
        var first = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Fetched);

        await Client.PostAsync($"/api/v1/sources/{article.Sources[0].Id}/refetch", null);
        var second = await Factory.WaitForDocumentAsync($"http://{host}", d => d.Status == FetchStatus.Fetched && d.ContentHash != first.ContentHash);

        var history = await Factory.WithDbAsync(db => db.DocumentSnapshots.Where(s => s.DocumentId == second.Id).ToListAsync());
        Assert.Equal(first.ContentHash, Assert.Single(history).ContentHash);
        Assert.Contains("Thursday", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refetch_of_a_pasted_source_is_a_409_and_of_an_unknown_one_a_404()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(sources: [new { content = "Pasted text." }])));

        await ArticleValidationTests.AssertProblemAsync(await Client.PostAsync($"/api/v1/sources/{article.Sources[0].Id}/refetch", null), 409);
        await ArticleValidationTests.AssertProblemAsync(await Client.PostAsync($"/api/v1/sources/{Guid.NewGuid()}/refetch", null), 404);
        await ArticleValidationTests.AssertProblemAsync(await Client.GetAsync($"/api/v1/sources/{Guid.NewGuid()}"), 404);
        var pasted = await ReadAsync<SourceDetail>(await Client.GetAsync($"/api/v1/sources/{article.Sources[0].Id}"));
        Assert.True(pasted.Pasted);
        Assert.Equal(FetchStatus.Fetched, pasted.FetchStatus);
        Assert.Equal("Pasted text.", pasted.Excerpt);
    }

    static async Task<bool> WaitAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
