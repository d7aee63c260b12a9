using FactCheck.Analysis.Evidence;
using FactCheck.Analysis.Evidence.Pipeline;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Verification;

/// <summary>
/// The verdict pipeline in use: its stance reader (cross-encoder, the earlier learned model, or rules), the passage
/// embedder, the stance rules and the verdict policy embedded beside the model. Its engine version (model, rule list,
/// policy) is what verdicts record.
/// </summary>
public sealed class StanceJudge(IOptions<VerificationOptions> options, PassageEmbedder embedder) : IDisposable
{
    readonly Lazy<StanceModel?> model = new(() => options.Value.Stance == StanceEngine.Learned
        ? StanceModel.LoadEmbedded() ?? throw new InvalidOperationException("Verification:Stance is learned but no stance model is embedded: run `verify train`.")
        : null);

    readonly Lazy<CrossEncoder?> crossEncoder = new(() => options.Value.Stance == StanceEngine.CrossEncoder
        ? CrossEncoder.LoadEmbedded() ?? throw new InvalidOperationException("Verification:Stance is crossEncoder but no cross-encoder is embedded: run tools/crossencoder/train_nli.py.")
        : null);

    VerdictPipeline? built;

    /// <summary>The engine's model; loading it takes about a second, so the first verification (or a warm-up) pays it.</summary>
    public StanceModel? Model => model.Value;

    public CrossEncoder? CrossEncoder => crossEncoder.Value;

    /// <summary>The pipeline every verification runs (built once, on first use).</summary>
    public VerdictPipeline Pipeline => LazyInitializer.EnsureInitialized(ref built, Build);

    public string EngineVersion => Pipeline.EngineVersion;

    VerdictPipeline Build()
    {
        IStanceReader reader = CrossEncoder is { } c ? new CrossEncoderReader(c, options.Value.PassagesPerSource)
            : Model is { } m ? new LearnedReader(m) : new RulesReader();
        return new VerdictPipeline(reader, texts => embedder.Embed(texts), PolicySettings.LoadEmbedded());
    }

    /// <summary>Loads the engine's model and runs it once, so the first verification does not pay for loading and JIT.</summary>
    public void Warm()
    {
        Pipeline.Decide([new PipelineClaim("The treaty was signed in June.", Checkability.Checkable,
            [new PipelineSource("Source 1", "The treaty was signed in Pyongyang in June. It was published a day later.", [])])]);
    }

    public void Dispose()
    {
        if (crossEncoder.IsValueCreated) crossEncoder.Value?.Dispose();
    }
}
