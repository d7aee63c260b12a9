using FactCheck.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FactCheck.Api.Platform;

/// <summary>Ready when the database answers and its schema is current (the migrate step has run).</summary>
sealed class DatabaseHealthCheck(FactCheckDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database does not answer.");
            var pending = await db.PendingMigrationsAsync(ct);
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: run the 'migrate' step.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}

/// <summary>The outcome of a health probe.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each check with its status and, when not healthy, why.</param>
public sealed record HealthReportResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

public sealed record HealthCheckResponse(string Status, string? Description);

public static class HealthEndpoints
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        // Slices add their own readiness checks (Verification: "models").
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", Live).WithName("Live");
        group.MapGet("/ready", Ready).WithName("Ready");
        return app;
    }

    /// <summary>Exit code 0 when <paramref name="url"/> answers 200 within five seconds, else 1.</summary>
    public static async Task<int> ProbeAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }

    /// <summary>Liveness: the process serves requests.</summary>
    /// <response code="200">Alive.</response>
    static Ok<HealthReportResponse> Live() =>
        TypedResults.Ok(new HealthReportResponse(nameof(HealthStatus.Healthy), new Dictionary<string, HealthCheckResponse>()));

    /// <summary>Readiness: the database answers, its schema is current, and the models are loaded and warm.</summary>
    /// <response code="200">Ready to serve.</response>
    /// <response code="503">Not ready; the checks say why.</response>
    static async Task<Results<Ok<HealthReportResponse>, JsonHttpResult<HealthReportResponse>>> Ready(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), ct);
        var body = new HealthReportResponse(report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckResponse(e.Value.Status.ToString(), e.Value.Description)));
        // Degraded (the models failed to load) still serves: articles are stored, verification waits for a restart.
        return report.Status != HealthStatus.Unhealthy
            ? TypedResults.Ok(body)
            : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
