namespace FactCheck.Analysis.Evidence.Pipeline;

/// <summary>The cross-encoder as the pipeline's reader: calibrated probabilities of each pair (its manifest's temperature).</summary>
public sealed class CrossEncoderReader(CrossEncoder model, int passagesPerSource) : IStanceReader
{
    public string Version => model.Version;

    public string Kind => "cross-encoder";

    public int PassagesPerSource => Math.Max(1, passagesPerSource);

    public StanceProbabilities[] Read(IReadOnlyList<PairToRead> pairs, CancellationToken cancellationToken) =>
        pairs.Count == 0 ? [] : model.Predict([.. pairs.Select(p => (p.Claim, p.Passage))], cancellationToken);
}

/// <summary>The earlier logistic stance model over MiniLM vectors and word signals, as a reader (one passage per source).</summary>
public sealed class LearnedReader(StanceModel model) : IStanceReader
{
    public string Version => model.Version;

    public string Kind => "learned model";

    public int PassagesPerSource => 1;

    public StanceProbabilities[] Read(IReadOnlyList<PairToRead> pairs, CancellationToken cancellationToken) =>
        [.. pairs.Select(p => model.Predict(p.ClaimVector, p.PassageVector, StanceClassifier.Detect(p.Claim, p.Passage)))];
}

/// <summary>The hand-written signals alone, as a reader: the stance's score on its side, the rest shared by the others.</summary>
public sealed class RulesReader : IStanceReader
{
    public string Version => "rules";

    public string Kind => "engine";

    public int PassagesPerSource => 1;

    public StanceProbabilities[] Read(IReadOnlyList<PairToRead> pairs, CancellationToken cancellationToken) =>
        [.. pairs.Select(p =>
        {
            var r = StanceClassifier.Classify(p.Claim, p.Passage, Embeddings.MiniLmEmbedder.Cosine(p.ClaimVector, p.PassageVector));
            var rest = (1 - r.Score) / 2;
            return r.Stance switch
            {
                Stance.Supports => new StanceProbabilities(r.Score, rest, rest),
                Stance.Refutes => new StanceProbabilities(rest, r.Score, rest),
                _ => new StanceProbabilities(rest, rest, r.Score),
            };
        })];
}
