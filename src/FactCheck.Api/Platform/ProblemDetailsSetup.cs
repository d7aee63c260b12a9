using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace FactCheck.Api.Platform;

public static class ProblemDetailsSetup
{
    /// <summary>
    /// JSON as the API speaks it (camelCase, enums as snake_case strings, unknown fields refused) and
    /// every error as an RFC 9457 problem with a trace id.
    /// </summary>
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        // Kestrel reads only its endpoints and certificates from "Kestrel"; its limits (header sizes and counts,
        // timeouts) in appsettings.json apply only when bound here (dotnet/aspnetcore#4765).
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyPurger>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IdempotencyPurger>());
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new StorableText.Converter());
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<StorableText.QueryGuard>();
        app.UseMiddleware<ConflictRetryMiddleware>();
        return app;
    }
}
