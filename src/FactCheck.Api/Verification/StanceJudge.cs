using FactCheck.Analysis.Evidence;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Verification;

/// <summary>The stance engine in use (cross-encoder, learned model or rules) and the engine version verdicts record.</summary>
public sealed class StanceJudge(IOptions<VerificationOptions> options) : IDisposable
{
    readonly Lazy<StanceModel?> model = new(() => options.Value.Stance == StanceEngine.Learned
        ? StanceModel.LoadEmbedded() ?? throw new InvalidOperationException("Verification:Stance is learned but no stance model is embedded: run `verify train`.")
        : null);

    readonly Lazy<CrossEncoder?> crossEncoder = new(() => options.Value.Stance == StanceEngine.CrossEncoder
        ? CrossEncoder.LoadEmbedded() ?? throw new InvalidOperationException("Verification:Stance is crossEncoder but no cross-encoder is embedded: run tools/crossencoder/train.py.")
        : null);

    /// <summary>The engine's model; loading it takes about a second, so the first verification (or a warm-up) pays it.</summary>
    public StanceModel? Model => model.Value;

    public CrossEncoder? CrossEncoder => crossEncoder.Value;

    public int PassagesPerSource => Math.Max(1, options.Value.PassagesPerSource);

    public double DecisiveScore => CrossEncoder is not null ? 0.5 : Model?.DecisiveScore ?? VerdictAggregator.DecisiveScore;

    public string EngineVersion => CrossEncoder is { } c ? $"{VerdictAggregator.EngineVersion}+{c.Version}"
        : Model is { } m ? $"{VerdictAggregator.EngineVersion}+{m.Version}" : VerdictAggregator.EngineVersion + "+rules";

    /// <summary>Loads the engine's model and runs it once, so the first verification does not pay for loading and JIT.</summary>
    public void Warm()
    {
        CrossEncoder?.Predict([("The treaty was signed in June.", "The treaty was signed in Pyongyang in June.")]);
        _ = Model;
    }

    public void Dispose()
    {
        if (crossEncoder.IsValueCreated) crossEncoder.Value?.Dispose();
    }
}
