using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Simmy;

namespace FactCheck.Api.Sources;

public static class FetchingSetup
{
    /// <summary>Set on each request's resilience context: the page's last attempt failed, so its failures do not count towards the host's circuit.</summary>
    public static readonly Polly.ResiliencePropertyKey<bool> FailedBefore = new("factcheck.page-failed-before");

    public const string ClientName = "fetch";

    public static IHostApplicationBuilder AddFetching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FetchingOptions>().BindConfiguration(FetchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IHostResolver, DnsHostResolver>();
        builder.Services.AddSingleton<UrlGuard>();
        builder.Services.AddSingleton<FetchSignal>();
        builder.Services.AddScoped<FetchQueue>();
        builder.Services.AddSingleton<Extraction.ISourceExtractor, Extraction.HtmlSourceExtractor>();
        builder.Services.AddSingleton<Extraction.ISourceExtractor, Extraction.PlainTextSourceExtractor>();
        builder.Services.AddSingleton<Extraction.ISourceExtractor, Extraction.PdfSourceExtractor>();
        builder.Services.AddSingleton<Extraction.SourceExtractors>();

        var client = builder.Services.AddHttpClient<DocumentFetcher>(ClientName);
        client
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                // Redirects are followed by DocumentFetcher so each hop passes the guard; no proxy, so none bypasses it.
                AllowAutoRedirect = false,
                UseProxy = false,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                ConnectCallback = services.GetRequiredService<UrlGuard>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 8,
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("fetch", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<FetchingOptions>>().Value;
                // Polly's own log ("Polly" category, off in appsettings.json) writes three entries and two stack traces
                // per failed attempt; these are one line each, at Warning, without the stack (a failed page is no defect).
                var log = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("FactCheck.Api.Sources.Attempts");
                var host = context.InstanceName;
                pipeline.AddTimeout(o.TotalTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, o.HttpRetries),
                    Delay = o.HttpRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    // 429 and 503 with Retry-After go back to the queue, which waits as asked without holding a worker.
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(o.HttpRetries > 0 && IsTransient(args.Outcome)),
                    OnRetry = args =>
                    {
                        log.LogWarning("Attempt {Attempt} at {Host} failed ({Outcome}); retrying in {Delay} ms",
                            args.AttemptNumber + 1, host, Describe(args.Outcome), (int)args.RetryDelay.TotalMilliseconds);
                        return ValueTask.CompletedTask;
                    },
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = o.BreakerFailureRatio,
                    MinimumThroughput = o.BreakerMinimumThroughput,
                    SamplingDuration = o.BreakerSamplingDuration,
                    BreakDuration = o.BreakerBreakDuration,
                    // A page whose last attempt failed no longer counts: see DocumentFetcher.FetchAsync(failedBefore).
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)
                        && !(args.Context.Properties.TryGetValue(FailedBefore, out var known) && known)),
                    OnOpened = args =>
                    {
                        log.LogWarning("Circuit opened for {Host} for {Seconds} s after {Outcome}; its pages wait", host, (int)args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        log.LogInformation("Circuit closed for {Host}", host);
                        return ValueTask.CompletedTask;
                    },
                });
                pipeline.AddConcurrencyLimiter(o.MaxConcurrencyPerHost, queueLimit: 64);
                pipeline.AddTimeout(o.AttemptTimeout);
                if (o.ChaosFaultRate > 0)
                {
                    var random = new Random(o.ChaosSeed);
                    pipeline.AddChaosOutcome(new Polly.Simmy.Outcomes.ChaosOutcomeStrategyOptions<HttpResponseMessage>
                    {
                        InjectionRate = o.ChaosFaultRate,
                        Randomizer = () => { lock (random) return random.NextDouble(); },
                        OutcomeGenerator = _ => ValueTask.FromResult<Outcome<HttpResponseMessage>?>(
                            Outcome.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable))),
                    });
                }
            })
            // One pipeline per host: its circuit breaker and concurrency limit concern that host alone.
            .SelectPipelineByAuthority();
        // Inside the pipeline: counts the requests that really went out, so a fetch the breaker or the host's
        // concurrency limit turned away before any did is not counted as an attempt at the page.
        client.AddHttpMessageHandler(() => new SentRequests.Counter());

        builder.Services.AddSingleton<FetchWorker>();
        builder.Services.AddSingleton<IHostedService>(services =>
            services.GetRequiredService<IOptions<FetchingOptions>>().Value.WorkerEnabled
                ? services.GetRequiredService<FetchWorker>()
                : new Platform.IdleService());
        return builder;
    }

    static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: { } e } => !IsBlocked(e) && !DocumentFetcher.HostDoesNotExist(e) && e is HttpRequestException or Polly.Timeout.TimeoutRejectedException,
        { Result: { } r } => (int)r.StatusCode is 408 or 500 or 502 or 504 || ((int)r.StatusCode == 503 && r.Headers.RetryAfter is null),
        _ => false,
    };

    static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: { } e } => $"{e.GetType().Name}: {e.Message}",
        { Result: { } r } => $"HTTP {(int)r.StatusCode}",
        _ => "no outcome",
    };

    static bool IsBlocked(Exception e) => BlockedAddressException.FindIn(e) is not null;
}
