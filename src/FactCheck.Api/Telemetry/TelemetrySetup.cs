using System.ComponentModel.DataAnnotations;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FactCheck.Api.Telemetry;

/// <summary>Observability settings (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve Prometheus metrics at <c>/metrics</c>.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// OTLP endpoint for traces, metrics and logs (e.g. <c>http://collector:4317</c>). Unset: nothing is
    /// exported. The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable works too.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// <c>/metrics</c> needs an API key (any role) in <c>X-Api-Key</c> (default: open, for scrapers inside the
    /// deployment). Environment: <c>Telemetry__MetricsRequireKey</c>.
    /// </summary>
    public bool MetricsRequireKey { get; set; }

    /// <summary>
    /// Keep the remote host names and ports on the HTTP client and DNS metrics. Off by default: they name every site
    /// the service fetched, which says what is being checked. Environment: <c>Telemetry__HostNamesInMetrics</c>.
    /// </summary>
    public bool HostNamesInMetrics { get; set; }

    /// <summary>How often queue depth and age are sampled for the gauges.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

public static class TelemetrySetup
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FactCheckMetrics>();
        builder.Services.AddHostedService<QueueSampler>();

        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var configured = string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? null : settings.OtlpEndpoint;
        var otlp = configured ?? (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? null : "environment");
        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions o) { if (configured is not null) o.Endpoint = new Uri(configured); }

        // Every log line carries the trace and span ids of the request or job that wrote it.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("factcheck-api", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FactCheckMetrics.MeterName, "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (!settings.HostNamesInMetrics)
                {
                    // The fetched sites are the newsroom's business: drop the host and port dimensions.
                    metrics.AddView(instrument => instrument.Meter.Name is "System.Net.Http" or "System.Net.NameResolution" or "OpenTelemetry.Instrumentation.Http"
                        ? new MetricStreamConfiguration { TagKeys = [.. HostlessTags] }
                        : null);
                }
                if (settings.PrometheusEnabled) metrics.AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(Otlp);
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(FactCheckMetrics.MeterName)
                    // Health probes and scrapes are noise in traces.
                    .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                        !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp is not null) tracing.AddOtlpExporter(Otlp);
            });
        if (otlp is not null)
            otel.WithLogging(logging => logging.AddOtlpExporter(Otlp), options => options.IncludeScopes = true);
        return builder;
    }

    /// <summary>The dimensions HTTP client and DNS metrics keep when host names are dropped.</summary>
    static readonly string[] HostlessTags = ["http.request.method", "http.response.status_code", "error.type", "network.protocol.version", "url.scheme"];

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (!options.PrometheusEnabled) return app;
        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
        if (options.MetricsRequireKey) endpoint.RequireAuthorization(Security.Policies.Read);
        else endpoint.AllowAnonymous();
        return app;
    }
}
