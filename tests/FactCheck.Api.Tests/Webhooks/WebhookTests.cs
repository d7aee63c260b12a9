using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Api.Tests.Sources;
using FactCheck.Api.Verdicts;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Api.Tests.Webhooks;

/// <summary>The API with fetching, verification and webhook delivery on; a receiver on 127.0.0.1; retries in milliseconds, a 3 s window.</summary>
public sealed class WebhookFactory : FetchApiFactory
{
    public WebhookReceiver Receiver { get; } = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Fetching:AllowedPorts:4"] = Receiver.Port.ToString(CultureInfo.InvariantCulture);
            settings["Webhooks:BaseBackoff"] = "00:00:00.100";
            settings["Webhooks:MaxBackoff"] = "00:00:00.400";
            settings["Webhooks:RetryWindow"] = "00:00:03";
            settings["Webhooks:AttemptTimeout"] = "00:00:02";
            settings["Webhooks:PollInterval"] = "00:00:00.100";
            return settings;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Receiver.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>Change events in the outbox and their webhook deliveries, end to end against a real receiver.</summary>
public sealed class WebhookTests(WebhookFactory factory) : ApiTest(factory), IClassFixture<WebhookFactory>
{
    public override async Task InitializeAsync()
    {
        factory.Receiver.Reset();
        await base.InitializeAsync();
    }

    async Task<(Guid Id, string Secret)> SubscribeAsync(string url, params string[] types)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = types, description = "test receiver" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ReadJsonAsync(response);
        return (body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    static object Review(string claim, string url) => new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ClaimReview",
        ["claimReviewed"] = claim,
        ["url"] = url,
        ["datePublished"] = "2024-03-01",
        ["author"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = "Example Checks" },
        ["reviewRating"] = new Dictionary<string, object> { ["@type"] = "Rating", ["alternateName"] = "False" },
    };

    async Task<Guid> ImportAsync(string claim, string url)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/fact-checks", new[] { Review(claim, url) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("items")[0].GetProperty("claimId").GetGuid();
    }

    static async Task WaitAsync(Func<Task<bool>> done, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await done()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what}: not after {seconds} s");
    }

    List<WebhookReceiver.Received> At(string path) => [.. factory.Receiver.Requests.Where(r => r.Path == path)];

    /// <summary>The Standard Webhooks check, written from the specification rather than with the service's code.</summary>
    static string ExpectedSignature(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    [Fact]
    public async Task A_delivery_is_signed_as_the_standard_webhooks_specification_says_and_carries_the_event()
    {
        var (_, secret) = await SubscribeAsync(factory.Receiver.Url("/signed"), "factcheck.imported", "claim.verdict_changed");
        Assert.StartsWith("whsec_", secret);
        var claimId = await ImportAsync("The moon is made of cheese.", "https://checks.example.org/moon");

        await WaitAsync(() => Task.FromResult(At("/signed").Count >= 2), "two deliveries");
        var received = At("/signed");
        Assert.Equal(2, received.Count);
        foreach (var request in received)
        {
            var id = request.Headers["webhook-id"];
            var timestamp = request.Headers["webhook-timestamp"];
            Assert.Equal(ExpectedSignature(secret, id, timestamp, request.Body), request.Headers["webhook-signature"]);
            // The check can fail: another secret, or a body changed by one byte, does not verify.
            Assert.NotEqual(ExpectedSignature("whsec_" + Convert.ToBase64String(new byte[32]), id, timestamp, request.Body), request.Headers["webhook-signature"]);
            Assert.NotEqual(ExpectedSignature(secret, id, timestamp, request.Body + " "), request.Headers["webhook-signature"]);
            Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
            Assert.StartsWith("application/json", request.Headers["content-type"]);
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal(id, body.RootElement.GetProperty("id").GetString());
            Assert.Equal(claimId, body.RootElement.GetProperty("data").GetProperty("claimId").GetGuid());
        }
        var types = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).ToList();
        // One transaction wrote both; they arrive in the order they were written.
        Assert.Equal(["claim.verdict_changed", "factcheck.imported"], types);
        var verdict = JsonDocument.Parse(received[0].Body).RootElement.GetProperty("data");
        Assert.Equal("editorial", verdict.GetProperty("kind").GetString());
        Assert.Equal("false", verdict.GetProperty("label").GetString());
        Assert.Equal("false", verdict.GetProperty("currentVerdict").GetString());
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_event_on_the_third_try_with_the_same_id()
    {
        factory.Receiver.Answer = (path, n) => path == "/flaky" && n <= 2 ? 500 : 204;
        var (webhookId, _) = await SubscribeAsync(factory.Receiver.Url("/flaky"), "factcheck.imported");
        await ImportAsync("Drinking seawater cures thirst.", "https://checks.example.org/seawater");

        await WaitAsync(async () => (await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}/deliveries")))[0]
            .GetProperty("status").GetString() == "delivered", "delivered");
        var received = At("/flaky");
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Headers["webhook-id"]).Distinct());
        var delivery = (await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}/deliveries")))[0];
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(204, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(received[0].Headers["webhook-id"], delivery.GetProperty("eventId").GetString());
        // Each retry waited (backoff), and was signed afresh for its own timestamp.
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromMilliseconds(50));
    }

    async Task<(Guid ArticleId, Guid ClaimId)> VerifiedArticleAsync()
    {
        var created = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(new
        {
            title = "Ridership report",
            body = "City buses carried 42.6 million passengers in 2025, according to the transit authority (Source 1).",
            sources = new[] { new { content = "The transit authority said city buses carried 42.6 million passengers in 2025, up from 39 million in 2024." } },
        }));
        await WaitAsync(async () => (await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"))).Status == ArticleStatus.Verified,
            "verified", 60);
        var article = await ReadAsync<ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{created.Id}"));
        return (created.Id, article.Claims[0].Id);
    }

    [Fact]
    public async Task Verification_writes_verdict_events_and_article_verified_which_the_events_cursor_pages_through()
    {
        var (articleId, claimId) = await VerifiedArticleAsync();
        var reader = Factory.CreateClient(await Factory.InsertKeyAsync("feed-reader", "reader"));

        var page = await ReadJsonAsync(await reader.GetAsync($"/api/v1/events?articleId={articleId}"));
        var events = page.GetProperty("events").EnumerateArray().ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("article.verified", types[^1]);
        Assert.Contains("claim.verdict_changed", types);
        var verdict = events.First(e => e.GetProperty("type").GetString() == "claim.verdict_changed").GetProperty("data");
        Assert.Equal(claimId, verdict.GetProperty("claimId").GetGuid());
        Assert.Equal("automatic", verdict.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, verdict.GetProperty("previousLabel").ValueKind);
        var verified = events[^1].GetProperty("data");
        Assert.Equal(articleId, verified.GetProperty("articleId").GetGuid());
        Assert.True(verified.GetProperty("claims").GetInt32() >= 1);

        // The cursor: one at a time from the start gives the same events, each once, in order, then an empty page.
        var seen = new List<long>();
        long after = 0;
        while (true)
        {
            var one = await ReadJsonAsync(await reader.GetAsync($"/api/v1/events?after={after}&limit=1"));
            var next = one.GetProperty("next").GetInt64();
            if (one.GetProperty("events").GetArrayLength() == 0)
            {
                Assert.Equal(after, next);
                break;
            }
            seen.Add(one.GetProperty("events")[0].GetProperty("sequence").GetInt64());
            after = next;
        }
        Assert.Equal(events.Select(e => e.GetProperty("sequence").GetInt64()), seen);
        Assert.Equal(seen.OrderBy(s => s), seen);
    }

    [Fact]
    public async Task Events_of_one_article_arrive_in_order_even_when_the_first_needs_a_retry()
    {
        var (_, claimId) = await VerifiedArticleAsync();
        factory.Receiver.Answer = (path, n) => path == "/ordered" && n == 1 ? 503 : 204;
        await SubscribeAsync(factory.Receiver.Url("/ordered"), "claim.status_changed");

        string[] moves = ["in_review", "unreviewed", "in_review", "unreviewed"];
        foreach (var status in moves)
        {
            var etag = (await Client.GetAsync($"/api/v1/claims/{claimId}")).Headers.ETag!.ToString();
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/claims/{claimId}/status") { Content = JsonContent.Create(new { status }) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request)).StatusCode);
        }

        await WaitAsync(() => Task.FromResult(At("/ordered").Select(r => r.Headers["webhook-id"]).Distinct().Count() == 4), "four events");
        var received = At("/ordered");
        Assert.Equal(5, received.Count);
        var sequences = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("sequence").GetInt64()).ToList();
        // The first event failed once and was sent again before any later one: never out of order.
        Assert.Equal(sequences.OrderBy(s => s), sequences);
        Assert.Equal(sequences[0], sequences[1]);
        var arrived = received.Skip(1).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("to").GetString()).ToList();
        Assert.Equal(moves, arrived);
    }

    [Fact]
    public async Task A_change_rolled_back_produces_no_event_and_no_delivery()
    {
        var claimId = await ImportAsync("Bananas are a kind of berry that grows on trees.", "https://checks.example.org/bananas");
        await SubscribeAsync(factory.Receiver.Url("/rollback"), "claim.verdict_changed");
        var before = await Factory.WithDbAsync(db => db.ChangeEvents.CountAsync());

        var rolledBack = Guid.CreateVersion7();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
            var articleId = await db.Claims.Where(c => c.Id == claimId).Select(c => c.ArticleId).SingleAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var writer = new VerdictWriter(db);
            writer.Editorial(articleId, new Verdict { Id = rolledBack, ClaimId = claimId, Kind = VerdictKind.Editorial, Label = "true", CreatedAt = DateTimeOffset.UtcNow }, "false");
            await writer.SaveAsync(default);
            Assert.Equal(before + 1, await db.ChangeEvents.CountAsync());
            Assert.Equal(1, await db.WebhookDeliveries.CountAsync());
            await transaction.RollbackAsync();
        }
        Assert.Equal(before, await Factory.WithDbAsync(db => db.ChangeEvents.CountAsync()));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.WebhookDeliveries.CountAsync()));

        // A stale ETag changes nothing either; then a real verdict is the one and only event delivered.
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{claimId}/verdicts") { Content = JsonContent.Create(new { rating = "true", rationale = "x" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Client.SendAsync(stale)).StatusCode);
        var etag = (await Client.GetAsync($"/api/v1/claims/{claimId}")).Headers.ETag!.ToString();
        var real = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{claimId}/verdicts")
        { Content = JsonContent.Create(new { rating = "mostly_false", rationale = "Bananas grow on large herbs, not trees." }) };
        real.Headers.TryAddWithoutValidation("If-Match", etag);
        var created = await ReadJsonAsync(await Client.SendAsync(real));

        await WaitAsync(() => Task.FromResult(At("/rollback").Count >= 1), "the committed verdict's event");
        await Task.Delay(300);
        var received = Assert.Single(At("/rollback"));
        var data = JsonDocument.Parse(received.Body).RootElement.GetProperty("data");
        Assert.Equal(created.GetProperty("id").GetGuid(), data.GetProperty("verdictId").GetGuid());
        Assert.Equal("false", data.GetProperty("previousLabel").GetString());
        Assert.DoesNotContain(rolledBack.ToString(), string.Join("\n", factory.Receiver.Requests.Select(r => r.Body)));
    }

    [Fact]
    public async Task A_receiver_down_for_the_whole_retry_window_ends_in_a_disabled_subscription_that_says_why()
    {
        var (webhookId, _) = await SubscribeAsync($"http://127.0.0.1:{factory.DeadPort}/hook", "factcheck.imported");
        await ImportAsync("Lightning never strikes the same place twice.", "https://checks.example.org/lightning");

        await WaitAsync(async () => !(await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}"))).GetProperty("enabled").GetBoolean(),
            "disabled", 30);
        var webhook = await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}"));
        Assert.Contains("failed for", webhook.GetProperty("disabledReason").GetString());
        Assert.Equal(1, webhook.GetProperty("failed").GetInt32());
        var delivery = (await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}/deliveries")))[0];
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.True(delivery.GetProperty("attempts").GetInt32() >= 3);
        Assert.False(string.IsNullOrEmpty(delivery.GetProperty("lastError").GetString()));

        // Enabled again, with a redelivery asked for, it goes out once more (and fails again here, with a fresh window).
        var enabled = await ReadJsonAsync(await Client.PostAsync($"/api/v1/webhooks/{webhookId}/enable", null));
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabledReason").ValueKind);
        Assert.Equal(HttpStatusCode.Accepted,
            (await Client.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{delivery.GetProperty("id").GetGuid()}/redeliver", null)).StatusCode);
        await WaitAsync(async () => (await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}/deliveries")))[0]
            .GetProperty("attempts").GetInt32() > delivery.GetProperty("attempts").GetInt32(), "redelivered");
    }

    [Fact]
    public async Task A_url_at_a_blocked_address_is_refused_at_creation_and_at_delivery()
    {
        factory.Resolver.Names["intranet.test"] = [IPAddress.Parse("10.1.2.3")];
        foreach (var url in new[] { "http://169.254.169.254/latest/meta-data", $"http://10.0.0.7:{factory.Receiver.Port}/hook", $"http://intranet.test:{factory.Receiver.Port}/hook", "ftp://files.test/hook" })
        {
            var refused = await Client.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "article.verified" } });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await ReadJsonAsync(refused)).GetProperty("errors").TryGetProperty("url", out _), url);
        }
        Assert.Equal(0, await Factory.WithDbAsync(db => db.WebhookSubscriptions.CountAsync()));

        // Allowed when created; its name then rebinds to a private address: the delivery is refused before any connection.
        factory.Resolver.Names["hooks.test"] = [IPAddress.Loopback];
        var (webhookId, _) = await SubscribeAsync($"http://hooks.test:{factory.Receiver.Port}/rebind", "factcheck.imported");
        factory.Resolver.Names["hooks.test"] = [IPAddress.Parse("10.1.2.3")];
        await ImportAsync("Goldfish have a three-second memory.", "https://checks.example.org/goldfish");

        await WaitAsync(async () => !(await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}"))).GetProperty("enabled").GetBoolean(), "disabled");
        var webhook = await ReadJsonAsync(await Client.GetAsync($"/api/v1/webhooks/{webhookId}"));
        Assert.Contains("address policy", webhook.GetProperty("disabledReason").GetString());
        Assert.Empty(At("/rebind"));
        // And it cannot be enabled while its name points there.
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsync($"/api/v1/webhooks/{webhookId}/enable", null)).StatusCode);
    }

    [Fact]
    public async Task Webhooks_are_for_admins_and_events_for_any_key_with_problems_for_bad_input()
    {
        var checker = Factory.CreateClient(await Factory.InsertKeyAsync("desk", "checker"));
        Assert.Equal(HttpStatusCode.Forbidden, (await checker.PostAsJsonAsync("/api/v1/webhooks", new { url = factory.Receiver.Url(), eventTypes = new[] { "article.verified" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await checker.GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await checker.GetAsync("/api/v1/events")).StatusCode);

        var unknown = await Client.PostAsJsonAsync("/api/v1/webhooks", new { url = factory.Receiver.Url(), eventTypes = new[] { "article.exploded" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("article.exploded", (await ReadJsonAsync(unknown)).GetProperty("errors").GetProperty("eventTypes[0]")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsJsonAsync("/api/v1/webhooks", new { url = factory.Receiver.Url() })).StatusCode);

        var (id, _) = await SubscribeAsync(factory.Receiver.Url(), "article.verified");
        var listed = await Client.GetStringAsync("/api/v1/webhooks");
        Assert.DoesNotContain("whsec_", listed);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
    }
}

/// <summary>
/// Editorial verdicts posted while the verifier writes the same articles' automatic verdicts, webhooks on (issue 30): a
/// deadlock or serialisation failure between two valid writes is run again, never answered 5xx.
/// </summary>
public sealed class ConcurrentVerdictTests(WebhookFactory factory) : ApiTest(factory), IClassFixture<WebhookFactory>
{
    [Fact]
    public async Task Editorial_verdicts_racing_the_verifier_never_get_a_5xx()
    {
        var hook = await Client.PostAsJsonAsync("/api/v1/webhooks", new { url = factory.Receiver.Url("/race"), eventTypes = new[] { "claim.verdict_changed", "article.verified" } });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var created = await ReadAsync<ArticleResponse>(await Client.PostAsJsonAsync("/api/v1/articles", new
            {
                title = $"Race {i}",
                body = $"The Orvik council approved a budget of {100 + i} million euros on Monday [1]. Turnout in the vote was {40 + i} percent [1]. The mayor said the plan would cut waiting lists [1].",
                sources = new object[] { new { label = "Source 1", content = $"The Orvik council approved a budget of {100 + i} million euros on Monday. Turnout was {40 + i} percent, officials said." } },
            }, ct));
            foreach (var claim in created.Claims)
            {
                // Right after creation, while the verifier works on the article: read the ETag, post, and on 412 read again.
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    var current = await Client.GetAsync($"/api/v1/claims/{claim.Id}", ct);
                    statuses.Add((int)current.StatusCode);
                    var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{claim.Id}/verdicts")
                    {
                        Content = JsonContent.Create(new { rating = "true", rationale = "Checked against the council minutes." }),
                    };
                    request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
                    var posted = await Client.SendAsync(request, ct);
                    statuses.Add((int)posted.StatusCode);
                    if (posted.StatusCode != HttpStatusCode.PreconditionFailed) break;
                }
            }
        });
        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.Contains(201, statuses);
    }
}

