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
