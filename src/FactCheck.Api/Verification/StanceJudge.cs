using FactCheck.Analysis.Evidence;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Verification;

/// <summary>The stance model in use (null: rules) and the engine version verdicts record.</summary>
public sealed class StanceJudge(IOptions<VerificationOptions> options)
{
    readonly Lazy<StanceModel?> model = new(() => options.Value.Stance == StanceEngine.Learned
        ? StanceModel.LoadEmbedded() ?? throw new InvalidOperationException("Verification:Stance is learned but no stance model is embedded: run `verify train`.")
        : null);

    public StanceModel? Model => model.Value;

    public double DecisiveScore => Model?.DecisiveScore ?? VerdictAggregator.DecisiveScore;

    public string EngineVersion => Model is { } m ? $"{VerdictAggregator.EngineVersion}+{m.Version}" : VerdictAggregator.EngineVersion + "+rules";
}
