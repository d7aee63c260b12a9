using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Embeddings;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FactCheck.Api.Verification;

/// <summary>
/// Loads and runs once what the first requests need (claim extraction, both sentence embedders, the cross-encoder), so
/// the first article does not pay seconds of model loading and JIT. Readiness waits for it ("models").
/// </summary>
public sealed class ModelWarmup(ClaimExtractor extractor, ISentenceEmbedder embedder, PassageEmbedder passages, StanceJudge judge, ILogger<ModelWarmup> logger)
    : BackgroundService, IHealthCheck
{
    readonly TaskCompletionSource<Exception?> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var sample = Platform.Samples.PutinKimArticle;
            var claims = extractor.Analyze(sample, 3, cancellationToken: stoppingToken).Claims;
            embedder.Embed([.. claims.Select(c => c.Text).Take(8)]);
            passages.Embed([.. claims.Select(c => c.Text).Take(8)]);
            judge.Warm();
            logger.LogInformation("Models loaded and warmed in {Seconds:F1} s", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            done.TrySetResult(null);
        }
        catch (OperationCanceledException)
        {
            done.TrySetResult(null);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The models could not be loaded; analysis and verification will fail until they can");
            done.TrySetResult(e);
        }
    }, stoppingToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!done.Task.IsCompleted ? HealthCheckResult.Unhealthy("Loading and warming the models (a few seconds after start).")
            : done.Task.Result is { } e ? HealthCheckResult.Degraded("The models could not be loaded: " + e.Message)
            : HealthCheckResult.Healthy("Models loaded."));
}
