using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FactCheck.Api.Tests.Security;

/// <summary>The API with small budgets: three writes per 5 s and five reads per 2 s per key, four pending fetches per key.</summary>
public sealed class LimitsFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "false",
        ["Verification:WorkerEnabled"] = "false",
        ["RateLimits:Writes:PermitLimit"] = "3",
        // Windows long enough that a loaded machine sends each test's requests inside one of them.
        ["RateLimits:Writes:Window"] = "00:00:08",
        ["RateLimits:Reads:PermitLimit"] = "5",
        ["RateLimits:Reads:Window"] = "00:01:00",
        ["Fetching:MaxPendingFetchesPerKey"] = "4",
    };
}

/// <summary>The API with a 1 s limit on the time a request may take.</summary>
public sealed class ShortRequestsFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "false",
        ["Verification:WorkerEnabled"] = "false",
        ["Api:RequestTimeout"] = "00:00:01",
    };
}

/// <summary>The API with a budget of 20 failed authentications a minute per client address.</summary>
public sealed class FailedAuthFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "false",
        ["Verification:WorkerEnabled"] = "false",
        ["Auth:FailuresPerMinute"] = "20",
    };
}

public sealed class FailedAuthTests(FailedAuthFactory factory) : ApiTest(factory), IClassFixture<FailedAuthFactory>
{
    [Fact]
    public async Task Guessing_keys_at_speed_is_throttled_per_address_with_retry_after()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            using var guesser = Factory.CreateClient($"fc_{i:x8}_{new string('x', 43)}");
            statuses.Add((await guesser.GetAsync("/api/v1/articles")).StatusCode);
        }

        // 20 failures, then refused; the minute counts from the first failure, so a slow run may reach a second minute (20 more).
        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[20]);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 20, 40);
        Assert.Equal(300, statuses.Count(s => s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        // While throttled, the address is refused whatever key it sends, so a right guess cannot be told apart.
        using var valid = Factory.CreateClient(TestKeys.Admin);
        var refused = await valid.GetAsync("/api/v1/articles");
        var problem = await ArticleValidationTests.AssertProblemAsync(refused, 429);
        Assert.Contains("failed authentications", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        // Requests without a key are not authentication attempts: health stays open.
        using var anonymous = Factory.CreateClient(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }
}

public sealed class RequestTimeoutTests(ShortRequestsFactory factory) : ApiTest(factory), IClassFixture<ShortRequestsFactory>
{
    [Fact]
    public async Task A_request_that_runs_too_long_is_stopped_with_a_503_problem()
    {
        using var desk = Factory.CreateClient(await Factory.InsertKeyAsync("patient-desk", "submitter"));
        // Warm up: the first extraction loads the models, which may itself take a second.
        await desk.PostAsJsonAsync("/api/v1/check-worthiness", new { text = "Inflation reached 8% in 2022." });

        // The verifier is off, so waiting for a verdict outlasts the 1 s request limit.
        var response = await desk.PostAsJsonAsync("/api/v1/claims/check?wait=10", new { text = "Inflation reached 8% in 2022." });

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 503);
        Assert.Contains("too long", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}

/// <summary>A second API process on the same database as another factory, with the same settings.</summary>
sealed class SecondProcess(string connectionString, IDictionary<string, string?> settings) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("ConnectionStrings:FactCheck", connectionString);
        builder.UseSetting("Auth:FailuresPerMinute", "100000");
        TestKeys.Configure(builder);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

public sealed class LimitsTests(LimitsFactory factory) : ApiTest(factory), IClassFixture<LimitsFactory>
{
    [Fact]
    public async Task A_keys_budget_is_one_budget_across_api_processes()
    {
        var secret = await Factory.InsertKeyAsync("two-process-desk", "submitter");
        await using var second = new SecondProcess(Factory.ConnectionString, new Dictionary<string, string?>
        {
            ["Fetching:WorkerEnabled"] = "false", ["Verification:WorkerEnabled"] = "false",
            ["RateLimits:Writes:PermitLimit"] = "3", ["RateLimits:Writes:Window"] = "00:00:08",
        });
        using var first = Factory.CreateClient(secret);
        using var other = second.CreateClient();
        other.DefaultRequestHeaders.Add(TestKeys.Header, secret);
        var body = new { text = "Unemployment rose to 5% in 2023." };
        // Warm both processes up with a key of their own, so the key's writes below fall in one window.
        using (var warm = Factory.CreateClient(await Factory.InsertKeyAsync("warm-up-1", "submitter"))) await warm.PostAsJsonAsync("/api/v1/claims/check", body);
        using (var warm = second.CreateClient())
        {
            warm.DefaultRequestHeaders.Add(TestKeys.Header, await Factory.InsertKeyAsync("warm-up-2", "submitter"));
            await warm.PostAsJsonAsync("/api/v1/claims/check", body);
        }

        var statuses = new List<HttpStatusCode>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var client in new[] { first, other, first, other, first, other })
            statuses.Add((await client.PostAsJsonAsync("/api/v1/claims/check", body)).StatusCode);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        // Three writes in all, whichever process took them, then 429 from both: one bucket of 3 that refills one token
        // every 8 / 3 s, so a slow machine may earn a token back while the six are sent (two budgets would accept 6).
        var refilled = (int)(elapsed.TotalSeconds * 3 / 8);
        var accepted = statuses.Count(s => s == HttpStatusCode.Accepted);
        Assert.InRange(accepted, 3, 3 + refilled);
        Assert.Equal(6 - accepted, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(accepted < 6, $"every write was accepted in {elapsed.TotalSeconds:F1} s: the processes do not share the budget");
        var refused = await other.PostAsJsonAsync("/api/v1/claims/check", body);
        await ArticleValidationTests.AssertProblemAsync(refused, 429);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    static object Sources(params string[] hosts) => hosts.Select(h => new { url = $"https://{h}.example.org/page" }).ToArray();

    [Fact]
    public async Task Writes_past_the_budget_get_429_with_retry_after_and_recover()
    {
        using var desk = Factory.CreateClient(await Factory.InsertKeyAsync("busy-desk", "submitter"));
        using var other = Factory.CreateClient(await Factory.InsertKeyAsync("quiet-desk", "submitter"));
        var body = new { text = "Unemployment rose to 5% in 2023." };
        // Warm up (models load on first use) with a key of its own, so the three writes below fall in one window.
        using (var warm = Factory.CreateClient(await Factory.InsertKeyAsync("warm-up", "submitter")))
            await warm.PostAsJsonAsync("/api/v1/claims/check", body);

        // Sent together, so all four meet the limiter inside the window the first one opens, however slow the
        // machine is at extracting (one after the other, a loaded run could cross the 8 s window's end).
        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => desk.PostAsJsonAsync("/api/v1/claims/check", body)));
        Assert.Equal(3, sent.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        var refused = sent.Single(r => r.StatusCode != HttpStatusCode.Accepted);

        var problem = await ArticleValidationTests.AssertProblemAsync(refused, 429);
        Assert.Contains("budget", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 8);
        // Another key has its own budget, and reads are a separate budget.
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsJsonAsync("/api/v1/claims/check", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/api/v1/articles")).StatusCode);
        Assert.Equal(5, await Factory.WithDbAsync(db => db.Articles.CountAsync()));

        await Task.Delay(retryAfter.Value + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.Accepted, (await desk.PostAsJsonAsync("/api/v1/claims/check", body)).StatusCode);
    }

    [Fact]
    public async Task Reads_have_their_own_budget()
    {
        using var reader = Factory.CreateClient(await Factory.InsertKeyAsync("dashboard", "reader"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) statuses.Add((await reader.GetAsync("/api/v1/articles")).StatusCode);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_key_cannot_queue_more_pending_fetches_than_its_cap()
    {
        var key = await Factory.InsertKeyAsync("crawler", "submitter");
        using var crawler = Factory.CreateClient(key);
        using var other = Factory.CreateClient(await Factory.InsertKeyAsync("desk", "submitter"));

        Assert.Equal(HttpStatusCode.Created, (await crawler.PostArticleAsync(Requests.Article(sources: (object[])Sources("a", "b", "c")))).StatusCode);
        var refused = await crawler.PostArticleAsync(Requests.Article(title: "Two more", sources: (object[])Sources("d", "e")));

        var problem = await ArticleValidationTests.AssertProblemAsync(refused, 429);
        Assert.Contains("limit 4", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("30", refused.Headers.RetryAfter?.ToString());
        // Nothing of the refused article was stored, not even its queued pages.
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(3, await Factory.WithDbAsync(db => db.Documents.CountAsync()));
        // A page already queued costs nothing more; another key has its own cap.
        Assert.Equal(HttpStatusCode.Created, (await crawler.PostArticleAsync(Requests.Article(title: "Same pages", sources: (object[])Sources("a", "d")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await other.PostArticleAsync(Requests.Article(title: "Other desk", sources: (object[])Sources("x", "y", "z")))).StatusCode);
    }
}

/// <summary>The API with every log line kept in memory, at the most verbose level.</summary>
public sealed class CapturedLogsFactory : ApiFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new QueueLoggerProvider(Lines));
        });
    }

    sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, lines);
        public void Dispose() { }
    }

    sealed class QueueLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class SecretLoggingTests(CapturedLogsFactory factory) : ApiTest(factory), IClassFixture<CapturedLogsFactory>
{
    new CapturedLogsFactory Factory { get; } = factory;

    [Fact]
    public async Task Keys_never_appear_in_the_logs_even_at_trace_level()
    {
        var created = await ReadJsonAsync(await Client.PostAsJsonAsync("/api/v1/keys", new { name = "logged-tool", roles = new[] { "submitter" } }));
        var secret = created.GetProperty("key").GetString()!;
        using var tool = Factory.CreateClient(secret);
        Assert.Equal(HttpStatusCode.Created, (await tool.PostArticleAsync(Requests.Article())).StatusCode);
        using var wrong = Factory.CreateClient(secret[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/articles")).StatusCode);

        var lines = Factory.Lines.ToArray();
        Assert.True(lines.Length > 50, $"only {lines.Length} log lines were captured");
        Assert.Contains(lines, l => l.Contains("/api/v1/articles", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(secret[12..], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(TestKeys.Admin, StringComparison.Ordinal));
    }
}
