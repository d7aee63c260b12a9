using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Claims;

/// <summary>Options of claim extraction.</summary>
public sealed record ClaimExtractionOptions
{
    public static readonly ClaimExtractionOptions Default = new();

    /// <summary>A sentence or clause scoring at least this is a claim.</summary>
    public double Threshold { get; init; } = 0.5;
}

/// <summary>Turns a text into sentences and check-worthy claims with exact spans.</summary>
public sealed class ClaimExtractor(CheckWorthinessScorer scorer)
{
    public static ClaimExtractor CreateDefault() => new(new CheckWorthinessScorer());

    /// <summary>Every sentence of <paramref name="text"/>, scored; <see cref="ExtractedClaim.IsClaim"/> marks the claims.</summary>
    public IReadOnlyList<ExtractedClaim> Analyze(string text, int sourceCount = 0, ClaimExtractionOptions? options = null)
    {
        options ??= ClaimExtractionOptions.Default;
        var sentences = SentenceSegmenter.Split(text);
        var result = new List<ExtractedClaim>(sentences.Count);
        for (var index = 0; index < sentences.Count; index++)
        {
            var span = sentences[index];
            var sentence = span.Slice(text);
            var score = scorer.Score(sentence);
            var citations = CitationMarkers.Find(text, span, sourceCount);
            result.Add(new ExtractedClaim(
                span, sentence, index, score.Value, score.Value >= options.Threshold && score.Type is not (ClaimType.NonClaim or ClaimType.Question),
                score.Type, score.Reasons, citations));
        }
        return result;
    }

    /// <summary>Only the claims of <paramref name="text"/>.</summary>
    public IReadOnlyList<ExtractedClaim> ExtractClaims(string text, int sourceCount = 0, ClaimExtractionOptions? options = null) =>
        Analyze(text, sourceCount, options).Where(c => c.IsClaim).ToList();
}
