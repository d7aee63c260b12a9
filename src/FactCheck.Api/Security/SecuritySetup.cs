using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using FactCheck.Api.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Security;

public static class SecuritySetup
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            // docker compose passes an unset variable as "": that means no bootstrap key, not a short one.
            .PostConfigure(o => { if (string.IsNullOrWhiteSpace(o.BootstrapAdminKey)) o.BootstrapAdminKey = null; })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<FailedAuthThrottle>();
        services.AddHostedService<FirstKeyService>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            // An endpoint nobody marked needs a key all the same: forgetting a policy fails closed.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Read, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Submit, p => p.RequireRole(Roles.Submitter, Roles.Admin))
            .AddPolicy(Policies.Check, p => p.RequireRole(Roles.Checker, Roles.Admin))
            .AddPolicy(Policies.Administer, p => p.RequireRole(Roles.Admin));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateBudgets.Reads, http => Partition(http, RateBudgets.Reads, o => o.Reads));
            options.AddPolicy(RateBudgets.Writes, http => Partition(http, RateBudgets.Writes, o => o.Writes));
            options.AddPolicy(RateBudgets.Refetches, http => Partition(http, RateBudgets.Refetches, o => o.Refetches));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many requests.",
                    $"This key has used its request budget. Retry after {seconds} s.");
            };
        });

        services.AddRequestTimeouts(options =>
        {
            var timeout = builder.Configuration.GetValue($"{ApiOptions.Section}:{nameof(ApiOptions.RequestTimeout)}", new ApiOptions().RequestTimeout);
            options.DefaultPolicy = TimeoutPolicy(timeout);
            // A batch of 1,000 fact-checks embeds 2,000 sentences: seconds when idle, more under load.
            options.AddPolicy(LongRequests, TimeoutPolicy(timeout * 8));
        });
        return builder;
    }

    /// <summary>The request-timeout policy of bulk endpoints (fact-check imports): eight times the default.</summary>
    public const string LongRequests = "long";

    static RequestTimeoutPolicy TimeoutPolicy(TimeSpan timeout) =>
            new RequestTimeoutPolicy
            {
                Timeout = timeout,
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = http =>
                {
                    http.Response.Headers.RetryAfter = "5";
                    return http.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "The request took too long.",
                        $"It was stopped after {timeout.TotalSeconds:0} s; anything it had not committed was not stored.");
                },
            };

    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseRouting();
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    static RateLimitPartition<string> Partition(HttpContext http, string budget, Func<RateLimitOptions, RateBudget> pick)
    {
        // Authorization ran first, so the caller is known; the key id is the partition. The bucket itself lives in
        // PostgreSQL (SharedTokenBucket), so every API process spends one budget per key.
        var key = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var settings = pick(http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue);
        var database = http.RequestServices.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var bucket = $"{budget}:{key}:{settings.PermitLimit}/{settings.Window.TotalSeconds:0.###}";
        return RateLimitPartition.Get(bucket, b => new SharedTokenBucket(database, b, settings.PermitLimit, settings.Window));
    }

    /// <summary>GET endpoints: any key.</summary>
    public static TBuilder ForReaders<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policies.Read).RequireRateLimiting(RateBudgets.Reads);

    /// <summary>Submissions: submitter or admin.</summary>
    public static TBuilder ForSubmitters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policies.Submit).RequireRateLimiting(RateBudgets.Writes);

    /// <summary>Editorial work: checker or admin.</summary>
    public static TBuilder ForCheckers<TBuilder>(this TBuilder builder, string budget = RateBudgets.Writes) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policies.Check).RequireRateLimiting(budget);

    /// <summary>Keys and audit: admin.</summary>
    public static TBuilder ForAdmins<TBuilder>(this TBuilder builder, string budget = RateBudgets.Writes) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policies.Administer).RequireRateLimiting(budget);
}
