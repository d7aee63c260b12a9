using System.Net;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;

namespace FactCheck.Api.Tests.Security;

/// <summary>The API with its documentation and metrics closed to callers without a key.</summary>
public sealed class ClosedDocsFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "false",
        ["Verification:WorkerEnabled"] = "false",
        ["Api:DocsRequireKey"] = "true",
        ["Telemetry:MetricsRequireKey"] = "true",
    };
}

/// <summary>What is open without a key: by default health, the documentation and /metrics; each can be closed.</summary>
public sealed class OpenEndpointsTests(ClosedDocsFactory factory) : ApiTest(factory), IClassFixture<ClosedDocsFactory>
{
    [Theory]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/swagger/index.html")]
    [InlineData("/metrics")]
    public async Task Closed_documentation_and_metrics_need_a_key(string path)
    {
        using var anonymous = Factory.CreateClient(apiKey: null);
        var refused = await anonymous.GetAsync(path);
        await ArticleValidationTests.AssertProblemAsync(refused, 401);

        using var reader = Factory.CreateClient(await Factory.InsertKeyAsync($"scraper-{Guid.NewGuid():N}", "reader"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(path)).StatusCode);
        // Health stays open for the orchestrator.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }
}

[Collection(ApiCollection.Name)]
public sealed class DefaultOpenEndpointsTests(ApiFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/metrics")]
    [InlineData("/health/ready")]
    public async Task By_default_documentation_metrics_and_health_are_open(string path)
    {
        using var anonymous = Factory.CreateClient(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
    }
}

[Collection(ApiCollection.Name)]
public sealed class ApiDocumentTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Operations_are_grouped_in_the_order_a_fact_checker_works_administration_last()
    {
        var document = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));

        Assert.Equal(["Articles", "Claims", "Verdicts", "Search", "Sources", "Analysis", "Webhooks", "Administration", "Health"],
            document.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
        string TagOf(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("tags")[0].GetString()!;
        Assert.Equal("Verdicts", TagOf("/api/v1/claims/{id}/verdicts", "post"));
        Assert.Equal("Search", TagOf("/api/v1/claims/match", "post"));
        Assert.Equal("Claims", TagOf("/api/v1/claims/{id}", "get"));
        // Paths appear group by group, so Swagger UI lists them in that order too.
        var order = document.GetProperty("paths").EnumerateObject()
            .Select(p => p.Value.EnumerateObject().First().Value.GetProperty("tags")[0].GetString()!).Distinct().ToList();
        Assert.Equal(order.OrderBy(t => Array.IndexOf(new[] { "Articles", "Claims", "Verdicts", "Search", "Sources", "Analysis", "Webhooks", "Administration", "Health" }, t)), order);
    }

    [Fact]
    public async Task Every_error_answer_is_the_one_problem_schema_and_the_document_names_its_server()
    {
        var document = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));

        Assert.StartsWith("http", document.GetProperty("servers")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem").GetProperty("properties");
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.True(problem.TryGetProperty("errors", out _));
        var checkedResponses = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                {
                    var content = response.Value.GetProperty("content");
                    if (path.Name == "/health/ready") continue;
                    Assert.True(content.TryGetProperty("application/problem+json", out var media), $"{operation.Name} {path.Name} {response.Name}");
                    Assert.Equal("#/components/schemas/Problem", media.GetProperty("schema").GetProperty("$ref").GetString());
                    checkedResponses++;
                }
        Assert.True(checkedResponses > 50, $"{checkedResponses} error responses");
        // Every reference resolves.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(document.GetRawText(), "\"#/components/schemas/([^\"]+)\""))
            Assert.True(schemas.TryGetProperty(m.Groups[1].Value, out _), m.Value);
    }

    [Fact]
    public async Task Values_from_a_set_are_enums_in_the_document()
    {
        var document = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var type = schemas.GetProperty("ClaimResponse").GetProperty("properties").GetProperty("type");
        Assert.Contains("statistic", type.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var roles = schemas.GetProperty("CreateKeyRequest").GetProperty("properties").GetProperty("roles");
        Assert.Equal(["reader", "submitter", "checker", "admin"], roles.GetProperty("items").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!));
        var status = document.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "status");
        Assert.Contains("verified", status.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("awaiting", schemas.GetProperty("FetchStatus").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var eventTypes = schemas.GetProperty("CreateWebhookRequest").GetProperty("properties").GetProperty("eventTypes");
        Assert.Contains("claim.verdict_changed", eventTypes.GetProperty("items").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    /// <summary>
    /// The typed client (src/FactCheck.Client) is generated from the committed openapi.json: it must be the live
    /// document, so a change to the API shows up as a change to the client (and a break as a failing build or test).
    /// </summary>
    [Fact]
    public async Task The_committed_openapi_document_that_the_typed_client_is_built_from_is_the_live_one()
    {
        // As scripts/run.sh serves it (port 8080), so the committed document's "servers" entry is usable as is.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/v1/swagger.json");
        request.Headers.Host = "localhost:8080";
        var live = System.Text.Json.Nodes.JsonNode.Parse(await (await Client.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("http://localhost:8080", live["servers"]![0]!["url"]!.GetValue<string>());
        Assert.True(live["components"]!["schemas"]!["Problem"]!["properties"]!["title"]!["x-ms-primary-error-message"]!.GetValue<bool>());
        var text = live.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Path.Combine(RepoRoot.Path, "src", "FactCheck.Client", "openapi.json");
        if (Environment.GetEnvironmentVariable("FACTCHECK_UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(path, text);
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        Assert.True(committed == text,
            "src/FactCheck.Client/openapi.json is not the live OpenAPI document: run FACTCHECK_UPDATE_OPENAPI=1 scripts/test.sh --filter " +
            "FullyQualifiedName~ApiDocumentTests, review the change and commit it (the client is regenerated from it at build time).");
    }

    [Fact]
    public async Task Open_operations_say_security_none_and_the_others_need_the_key()
    {
        var document = await ReadJsonAsync(await Client.GetAsync("/swagger/v1/swagger.json"));
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[] { ("/health/live", "get"), ("/health/ready", "get"), ("/reports/{token}", "get") })
        {
            var security = paths.GetProperty(path).GetProperty(method).GetProperty("security");
            Assert.Equal(0, security.GetArrayLength());
        }
        Assert.True(paths.GetProperty("/api/v1/articles").GetProperty("post").GetProperty("security")[0].TryGetProperty("ApiKey", out _));
    }
}
