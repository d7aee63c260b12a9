using FactCheck.Api.Articles;
using FactCheck.Api.CheckWorthiness;
using FactCheck.Api.Claims;
using FactCheck.Api.Docs;
using FactCheck.Api.Events;
using FactCheck.Api.Platform;
using FactCheck.Api.Reports;
using FactCheck.Api.Search;
using FactCheck.Api.Security;
using FactCheck.Api.Sources;
using FactCheck.Api.Telemetry;
using FactCheck.Api.Verification;
using FactCheck.Api.Webhooks;
using FactCheck.Data;

if (args.Contains("healthcheck"))
{
    // Container health probe: the runtime image has no curl, so the API probes itself.
    return await HealthEndpoints.ProbeAsync(Environment.GetEnvironmentVariable("FACTCHECK_HEALTH_URL") ?? "http://127.0.0.1:8080/health/ready");
}

var builder = WebApplication.CreateBuilder(args);

builder.AddApiConventions();
builder.AddSecurity();
builder.AddTelemetry();
builder.AddApiDocs();
builder.AddDatabase();
builder.AddHealth();
builder.AddAnalysis();
builder.AddFetching();
builder.AddVerification();
builder.AddClaims();
builder.AddMatching();
builder.AddWebhooks();
builder.AddReports();

var app = builder.Build();

if (args.Contains("keys"))
{
    // API keys from the command line: create, list, revoke (Security/KeyAdministration).
    return await FactCheck.Api.Security.KeyAdministration.RunAsync(app.Services, args, Console.Out);
}

if (args.Contains("migrate"))
{
    // The explicit migration step: `FactCheck.Api migrate` applies pending migrations and exits.
    await DatabaseExtensions.MigrateAsync(app.Services);
    app.Logger.LogInformation("Database schema is up to date.");
    return 0;
}

app.UseApiConventions();
app.UseApiDocs();
app.UseSecurity();
app.MapHealthEndpoints();
app.MapTelemetry();
app.MapArticleEndpoints().MapArticleReport(); // the report is the Reports slice's, under /api/v1/articles
app.MapCheckWorthinessEndpoints();
app.MapSourceEndpoints();
app.MapClaimSearchEndpoints();
app.MapFactCheckImport();
app.MapClaimEndpoints();
app.MapKeyEndpoints();
app.MapAuditEndpoints();
app.MapWebhookEndpoints();
app.MapEventEndpoints();
app.MapSharedReports();

await app.RunAsync();
return 0;

/// <summary>The entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
