using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Api.Tests.Security;

[Collection(ApiCollection.Name)]
public sealed class AccessControlTests(ApiFactory factory) : ApiTest(factory)
{
    const string Anyone = "anonymous";

    /// <summary>
    /// What each endpoint needs. The matrix test fails for an endpoint missing here, so a new endpoint
    /// cannot ship without a decision about who may call it.
    /// </summary>
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["CreateArticle"] = ["submitter", "admin"],
        ["ListArticles"] = ["reader", "submitter", "checker", "admin"],
        ["GetArticle"] = ["reader", "submitter", "checker", "admin"],
        ["GetArticleClaims"] = ["reader", "submitter", "checker", "admin"],
        ["GetArticleReport"] = ["reader", "submitter", "checker", "admin"],
        ["DeleteArticle"] = ["submitter", "admin"],
        ["ScoreCheckWorthiness"] = ["submitter", "admin"],
        ["GetSource"] = ["reader", "submitter", "checker", "admin"],
        ["RefetchSource"] = ["checker", "admin"],
        ["SupplySource"] = ["checker", "admin"],
        ["GetClaim"] = ["reader", "submitter", "checker", "admin"],
        ["GetClaimReview"] = ["reader", "submitter", "checker", "admin"],
        ["AddVerdict"] = ["checker", "admin"],
        ["ChangeClaimStatus"] = ["checker", "admin"],
        ["AddCitation"] = ["checker", "admin"],
        ["CheckClaim"] = ["submitter", "admin"],
        ["CreateKey"] = ["admin"],
        ["ListKeys"] = ["admin"],
        ["RevokeKey"] = ["admin"],
        ["ListAuditEvents"] = ["admin"],
        ["CreateWebhook"] = ["admin"],
        ["ListWebhooks"] = ["admin"],
        ["GetWebhook"] = ["admin"],
        ["DeleteWebhook"] = ["admin"],
        ["EnableWebhook"] = ["admin"],
        ["ListWebhookDeliveries"] = ["admin"],
        ["RedeliverWebhook"] = ["admin"],
        ["ListEvents"] = ["reader", "submitter", "checker", "admin"],
        ["CreateReportLink"] = ["reader", "submitter", "checker", "admin"],
        ["GetSharedReport"] = [Anyone],
        ["SearchClaims"] = ["reader", "submitter", "checker", "admin"],
        ["SimilarClaims"] = ["reader", "submitter", "checker", "admin"],
        ["MatchClaim"] = ["reader", "submitter", "checker", "admin"],
        ["ImportFactChecks"] = ["checker", "admin"],
        ["Live"] = [Anyone],
        ["Ready"] = [Anyone],
        ["/metrics"] = [Anyone],
        ["Root"] = [Anyone],
    };

    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/keys")]
    [InlineData("/no/such/path")]
    public async Task A_browser_without_a_key_gets_a_401_problem_not_a_500(string path)
    {
        using var browser = Factory.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8".Replace(",*/*;q=0.8", "", StringComparison.Ordinal));

        var response = await browser.SendAsync(request);

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 401);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_sends_a_browser_to_swagger_ui()
    {
        using var browser = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Remove(TestKeys.Header);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept", "text/html");

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/swagger", response.Headers.Location!.ToString());
        var tool = await browser.GetAsync("/");
        Assert.Equal("/swagger", (await ReadJsonAsync(tool)).GetProperty("docs").GetString());
    }

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_the_matrix_says()
    {
        var keys = new Dictionary<string, string>
        {
            ["reader"] = await Factory.CreateKeyAsync("matrix-reader", "reader"),
            ["submitter"] = await Factory.CreateKeyAsync("matrix-submitter", "submitter"),
            ["checker"] = await Factory.CreateKeyAsync("matrix-checker", "checker"),
            ["admin"] = await Factory.CreateKeyAsync("matrix-admin", "admin"),
        };
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= Allowed.Count - 1, $"only {endpoints.Count} endpoints found");

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.RoutePattern.RawText!;
            Assert.True(Allowed.TryGetValue(name, out var allowed), $"endpoint {name} has no entry in the role matrix");
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods[0] ?? "GET";
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{[A-Za-z]+:guid\}", _ => Guid.NewGuid().ToString());

            foreach (var (caller, key) in new (string, string?)[] { ("no key", null), ("unknown key", "fc_00000000_" + new string('x', 43)), ("garbage", "not-a-key") }
                         .Concat(keys.Select(k => (k.Key, (string?)k.Value))))
            {
                using var client = Factory.CreateClient(key);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT") request.Content = Requests.RawJson("{}");
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = allowed.Contains(Anyone) ? "allowed" : key is null || !keys.ContainsKey(caller) ? "401" : allowed.Contains(caller) ? "allowed" : "403";
                var ok = expected switch
                {
                    "allowed" => status is not (401 or 403),
                    _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture) == expected
                         && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                };
                if (!ok) failures.Add($"{method} {endpoint.RoutePattern.RawText} as {caller}: {status}, expected {expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(Allowed.Keys.Order(), endpoints.Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.RoutePattern.RawText!).Order());
    }

    [Fact]
    public async Task A_missing_key_gets_a_401_problem_that_says_how_to_authenticate()
    {
        using var anonymous = Factory.CreateClient(apiKey: null);

        var response = await anonymous.GetAsync("/api/v1/articles");

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 401);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var created = await ReadJsonAsync(await Client.PostAsJsonAsync("/api/v1/keys", new { name = "desk-tool", roles = new[] { "submitter" } }));
        using var tool = Factory.CreateClient(created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await tool.GetAsync("/api/v1/articles")).StatusCode);

        var revoke = await Client.DeleteAsync($"/api/v1/keys/{created.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var after = await tool.GetAsync("/api/v1/articles");
        var problem = await ArticleValidationTests.AssertProblemAsync(after, 401);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await ReadJsonAsync(await Client.GetAsync("/api/v1/keys"));
        var row = listed.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "desk-tool");
        Assert.Equal("bootstrap-admin", row.GetProperty("revokedBy").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/v1/keys/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes_and_listed_without_secrets()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/keys", new { name = "archive-bot", roles = new[] { "reader", "checker" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ReadJsonAsync(response);
        var secret = created.GetProperty("key").GetString()!;
        Assert.StartsWith(created.GetProperty("prefix").GetString()!, secret, StringComparison.Ordinal);

        await using var connection = await Factory.OpenConnectionAsync();
        var everything = new StringBuilder();
        foreach (var table in new[] { "api_keys", "audit_events" })
        {
            await using var command = new Npgsql.NpgsqlCommand($"SELECT coalesce(string_agg(row_to_json(t)::text, ' '), '') FROM {table} t", connection);
            everything.Append(await command.ExecuteScalarAsync());
        }
        Assert.DoesNotContain(secret, everything.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret[12..], everything.ToString(), StringComparison.Ordinal);
        var stored = await Factory.WithDbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Name == "archive-bot"));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), stored.Hash);

        var listed = await Client.GetStringAsync("/api/v1/keys");
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Contains("archive-bot", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_creation_is_validated()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/keys", new { name = "", roles = new[] { "owner" } });

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 400);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("roles[0]", out _), errors.ToString());
        Assert.Empty(await Factory.WithDbAsync(db => db.ApiKeys.ToListAsync()));
    }

    [Fact]
    public async Task The_audit_trail_records_each_write_with_the_callers_key_name()
    {
        using var submitter = Factory.CreateClient(await Factory.CreateKeyAsync("desk-a", "submitter"));
        using var checker = Factory.CreateClient(await Factory.CreateKeyAsync("checker-b", "checker"));

        var article = await ReadAsync<ArticleResponse>(await submitter.PostArticleAsync(Requests.Article()));
        Assert.Equal("desk-a", article.SubmittedBy);
        var claim = article.Claims[0];
        var etag = (await checker.GetAsync($"/api/v1/claims/{claim.Id}")).Headers.ETag!.ToString();
        var verdict = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{claim.Id}/verdicts")
        {
            Content = JsonContent.Create(new { rating = "false", rationale = "Checked." }),
        };
        verdict.Headers.TryAddWithoutValidation("If-Match", etag);
        var recorded = await checker.SendAsync(verdict);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal("checker-b", (await ReadJsonAsync(recorded)).GetProperty("reviewer").GetString());
        Assert.Equal(HttpStatusCode.Created, (await checker.PostAsJsonAsync($"/api/v1/claims/{claim.Id}/citations", new { content = "Pasted evidence text." })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await checker.PostAsync($"/api/v1/sources/{article.Sources[0].Id}/refetch", null)).StatusCode);
        // The article now carries a checker's verdict: its submitter alone may not delete it (ArticleOwnershipTests); an admin may.
        Assert.Equal(HttpStatusCode.Forbidden, (await submitter.DeleteAsync($"/api/v1/articles/{article.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/v1/articles/{article.Id}")).StatusCode);

        var page = await ReadJsonAsync(await Client.GetAsync("/api/v1/audit?limit=200"));
        var events = page.GetProperty("items").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actor").GetString(), Entity: e.GetProperty("entityId").GetString()))
            .Reverse().ToList();
        Assert.Equal(
            [
                ("api_key.created", "bootstrap-admin"), ("api_key.created", "bootstrap-admin"),
                ("article.created", "desk-a"), ("verdict.created", "checker-b"), ("citation.created", "checker-b"),
                ("source.refetch_requested", "checker-b"), ("article.deleted", "bootstrap-admin"),
            ],
            events.Select(e => (e.Action, e.Actor)).ToList());
        Assert.Equal(article.Id.ToString(), events[2].Entity);
        Assert.Equal(article.Id.ToString(), events[^1].Entity);

        var filtered = await ReadJsonAsync(await Client.GetAsync("/api/v1/audit?actor=checker-b&limit=2"));
        Assert.Equal(2, filtered.GetProperty("items").GetArrayLength());
        var next = filtered.GetProperty("nextCursor").GetString();
        var rest = await ReadJsonAsync(await Client.GetAsync($"/api/v1/audit?actor=checker-b&cursor={next}"));
        Assert.Equal(1, rest.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_the_caller()
    {
        using var deskA = Factory.CreateClient(await Factory.CreateKeyAsync("desk-a", "submitter"));
        using var deskB = Factory.CreateClient(await Factory.CreateKeyAsync("desk-b", "submitter"));

        var first = await deskA.PostArticleAsync(Requests.Article(), idempotencyKey: "retry-1");
        var second = await deskB.PostArticleAsync(Requests.Article(title: "Another desk's article"), idempotencyKey: "retry-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((await ReadAsync<ArticleResponse>(first)).Id, (await ReadAsync<ArticleResponse>(second)).Id);
    }

    [Fact]
    public async Task The_services_own_metrics_record_ingestion_and_sample_the_queue()
    {
        // Measured in-process with a listener on this host's meter factory. (/metrics itself is checked on
        // the real process in RunScriptTests: with several hosts in one test process, the OpenTelemetry
        // provider of one host intermittently misses meters created after other hosts started.)
        var factory = Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var recorded = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FactCheck.Api.Telemetry.FactCheckMetrics.MeterName && instrument.Meter.Scope == factory) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => recorded.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();

        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article()));

        Assert.Equal(1, recorded.GetValueOrDefault("factcheck.articles.ingested"));
        Assert.Equal(article.Claims.Count, recorded.GetValueOrDefault("factcheck.claims.extracted"));
        // The sampler reads the queue every 0.5 s in tests: wait for a sample that saw the three pending pages.
        var metrics = Factory.Services.GetRequiredService<FactCheck.Api.Telemetry.FactCheckMetrics>();
        for (var i = 0; i < 100 && metrics.Sample.PendingFetches != 3; i++) await Task.Delay(100);
        Assert.Equal(3, metrics.Sample.PendingFetches);
        Assert.Equal(3, metrics.Sample.DueFetches);
        listener.RecordObservableInstruments();
        Assert.Equal(3, recorded.GetValueOrDefault("factcheck.fetch.queue.depth"));

        using var anonymous = Factory.CreateClient(apiKey: null);
        var scrape = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
    }
}
