using FactCheck.Analysis.Embeddings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Verification;

public static class VerificationSetup
{
    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.Section).ValidateOnStart();
        // The ONNX model loads on first use, not at start-up.
        builder.Services.AddSingleton<ISentenceEmbedder>(_ => new LazyEmbedder());
        builder.Services.AddSingleton<PassageEmbedder>();
        builder.Services.AddSingleton<VerificationSignal>();
        builder.Services.AddSingleton<StanceJudge>();
        builder.Services.AddScoped<ClaimVerifier>();
        builder.Services.AddSingleton<ModelWarmup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ModelWarmup>());
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("models", services => services.GetRequiredService<ModelWarmup>(), HealthStatus.Unhealthy, ["ready"]));
        builder.Services.AddSingleton<VerificationWorker>();
        builder.Services.AddSingleton<IHostedService>(services =>
            services.GetRequiredService<IOptions<VerificationOptions>>().Value.WorkerEnabled
                ? services.GetRequiredService<VerificationWorker>()
                : new Platform.IdleService());
        return builder;
    }

    /// <summary>Stored claim vectors: the package encoder's, computed by <see cref="OnnxSentenceEmbedder.ForStoredVectors"/>.</summary>
    sealed class LazyEmbedder : ISentenceEmbedder, IDisposable
    {
        readonly Lazy<OnnxSentenceEmbedder> inner = new(() => OnnxSentenceEmbedder.ForStoredVectors());
        public int Dimensions => 384;
        public float[][] Embed(IReadOnlyList<string> sentences) => sentences.Count == 0 ? [] : inner.Value.Embed(sentences);
        public void Dispose() { if (inner.IsValueCreated) inner.Value.Dispose(); }
    }
}

/// <summary>
/// The embedder of verification's passage ranking (<see cref="OnnxSentenceEmbedder"/>: the same MiniLM, run directly
/// and batched by length, several times faster than the package's encoder). Its vectors are compared within one pass
/// and never stored; stored claim vectors (matching) stay the package encoder's (<see cref="OnnxSentenceEmbedder.ForStoredVectors"/>).
/// </summary>
public sealed class PassageEmbedder : IDisposable
{
    readonly Lazy<OnnxSentenceEmbedder> inner = new(() => new OnnxSentenceEmbedder());

    public float[][] Embed(IReadOnlyList<string> texts) => texts.Count == 0 ? [] : inner.Value.Embed(texts);

    public void Dispose() { if (inner.IsValueCreated) inner.Value.Dispose(); }
}
