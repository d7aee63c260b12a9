using System.Net.Http.Json;
using System.Text.Json;
using FactCheck.Api.Platform;
using FactCheck.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FactCheck.Api.Tests.Infrastructure;

/// <summary>
/// The API hosted in-process against a real PostgreSQL database of its own, migrated once.
/// Shared by the tests of one collection; each test starts from empty tables (<see cref="ResetAsync"/>).
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public string ConnectionString { get; private set; } = "";

    /// <summary>FACTCHECK_TEST_VERBOSE=1: the hosted services' logs go to the console too.</summary>
    public static bool Verbose => Environment.GetEnvironmentVariable("FACTCHECK_TEST_VERBOSE") == "1";

    /// <summary>Configuration of the hosted API; the fetch worker is off unless a test collection turns it on.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "false",
        ["Verification:WorkerEnabled"] = "false",
    };

    /// <summary>Budgets high enough that only the rate-limit tests (which set their own) ever meet them.</summary>
    static readonly Dictionary<string, string?> Common = new()
    {
        ["Auth:BootstrapAdminKey"] = TestKeys.Admin,
        ["RateLimits:Reads:PermitLimit"] = "1000000",
        ["RateLimits:Writes:PermitLimit"] = "1000000",
        ["RateLimits:Refetches:PermitLimit"] = "1000000",
        ["Auth:FailuresPerMinute"] = "100000",
        ["Telemetry:QueueSampleInterval"] = "00:00:00.500",
    };

    /// <summary>Clients send the bootstrap admin key unless a test says otherwise (<see cref="CreateClient(string?)"/>).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(TestKeys.Header, TestKeys.Admin);
    }

    /// <summary>A client sending <paramref name="apiKey"/>, or no key at all when it is null.</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(TestKeys.Header);
        if (apiKey is not null) client.DefaultRequestHeaders.Add(TestKeys.Header, apiKey);
        return client;
    }

    /// <summary>Creates a key through the API (as the bootstrap admin) and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] roles)
    {
        using var admin = CreateClient();
        var response = await admin.PostAsJsonAsync("/api/v1/keys", new { name, roles });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("key").GetString()!;
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabaseAsync("factcheck_test");
        // Migrate before the host starts, so its background workers never see a database without tables.
        await using (var db = DatabaseExtensions.CreateContext(ConnectionString))
            await db.Database.MigrateAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabase.DropDatabaseAsync(ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Configured levels (appsettings.json says Information) win over SetMinimumLevel: override them too.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            // Quiet by default: the hosts' expected failures (refused pages, an unreachable database) are read by the
            // tests through LogCapture, not printed; FACTCHECK_TEST_VERBOSE=1 prints the service's log as well.
            if (!Verbose) logging.ClearProviders();
        });
        builder.UseSetting($"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}", ConnectionString);
        foreach (var (key, value) in Common) builder.UseSetting(key, value);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Empties every table, so each test sees only the rows it made.</summary>
    Task? ready;

    /// <summary>Waits (once per host) until /health/ready answers 200: the models are loaded and warm, as a client would wait.</summary>
    public Task WaitReadyAsync() => ready ??= WaitReadyCoreAsync();

    async Task WaitReadyCoreAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetAsync("/health/ready")).StatusCode == System.Net.HttpStatusCode.OK) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the API was not ready after 90 s: " + await client.GetStringAsync("/health/live"));
    }

    public async Task ResetAsync()
    {
        await WaitReadyAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).Distinct().Select(t => $"\"{t}\"");
        // Table names come from the EF model, not from input.
        var sql = "TRUNCATE " + string.Join(", ", tables.Append("lexeme_stats").Append("lexeme_stats_meta")) + " RESTART IDENTITY CASCADE";
        // The background samplers read several tables at once; TRUNCATE locking them one by one can deadlock
        // with such a read (PostgreSQL then aborts one side). Try again: the sampler's next read comes later.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync(sql);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                await Task.Delay(50 * attempt);
            }
        }
    }

    /// <summary>Stores a key straight in the database (no API call, so no admin budget spent) and returns its secret.</summary>
    public async Task<string> InsertKeyAsync(string name, params string[] roles)
    {
        var (secret, prefix) = FactCheck.Api.Security.ApiKeySecrets.Generate();
        await WithDbAsync(async db =>
        {
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(), Name = name, Prefix = prefix, Hash = FactCheck.Api.Security.ApiKeySecrets.Hash(secret),
                Roles = [.. roles], CreatedBy = "test", CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return secret;
    }

    public async Task<T> WithDbAsync<T>(Func<FactCheckDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<FactCheckDbContext>());
    }

    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ProblemDetailsSetup.ConfigureJson(options);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}

/// <summary>Base of API tests: a client, a clean database per test, and JSON helpers.</summary>
public abstract class ApiTest(ApiFactory factory) : IAsyncLifetime
{
    protected ApiFactory Factory { get; } = factory;
    protected HttpClient Client { get; } = factory.CreateClient();

    public virtual Task InitializeAsync() => Factory.ResetAsync();

    public virtual Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The body as <typeparamref name="T"/>; a body that is not one (a problem where a resource was expected) fails with the status and the body.</summary>
    protected static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(body, ApiFactory.Json)!;
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered what is not a {typeof(T).Name} ({e.Message}): {body}");
        }
    }

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(ApiFactory.Json);

    /// <summary>The article once it is verified (every cited source ended and its claims verified), polled for at most <paramref name="seconds"/>.</summary>
    protected async Task<FactCheck.Api.Articles.ArticleResponse> WaitVerifiedAsync(Guid id, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        FactCheck.Api.Articles.ArticleResponse? article = null;
        while (DateTime.UtcNow < deadline)
        {
            article = await ReadAsync<FactCheck.Api.Articles.ArticleResponse>(await Client.GetAsync($"/api/v1/articles/{id}"));
            if (article.Status == FactCheck.Data.ArticleStatus.Verified) return article;
            await Task.Delay(200);
        }
        throw new TimeoutException($"the article is still {article?.Status} after {seconds} s: {article?.Progress}");
    }

    /// <summary>A one-claim check with pasted sources (POST /api/v1/claims/check?wait=30), answered 200 with its verdict.</summary>
    protected async Task<FactCheck.Api.Claims.ClaimDetail> CheckClaimAsync(string text, params string[] sources)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/claims/check?wait=30", new { text, sources = sources.Select(s => new { content = s }).ToArray() });
        Xunit.Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync<FactCheck.Api.Claims.ClaimDetail>(response);
    }
}
