using System.Globalization;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence;

namespace FactCheck.Benchmarks;

/// <summary>
/// The verdict pipeline ranks a window of two sentences by a vector blended from its sentences' (<see cref="MiniLmEmbedder.Blend"/>)
/// instead of embedding the window. This measures the shortcut on the speed test's sources: for every window of two
/// adjacent sentences and the article's first 15 claims, the cosine to the claim of the blended vector against that of
/// the window's own vector (the int8 embedder the service uses), and how often the two fall on opposite sides of the
/// 0.35 a second passage must reach.
/// </summary>
public static class WindowVectorsCommand
{
    public static int Run()
    {
        using var embedder = new OnnxSentenceEmbedder();
        var claims = VerdictPipelineBenchmarks.SpeedArticle();
        var claimVectors = embedder.Embed([.. claims.Take(15).Select(c => c.Text)]);
        var differences = new List<double>();
        var flips = 0;
        foreach (var source in claims[0].Sources)
        {
            var sentences = EvidenceRanker.Index(source.Text).Sentences;
            var texts = sentences.Select(x => x.Slice(source.Text)).ToList();
            var vectors = embedder.Embed(texts);
            var windows = embedder.Embed([.. Enumerable.Range(0, sentences.Count - 1).Select(k => source.Text[sentences[k].Start..sentences[k + 1].End])]);
            for (var k = 0; k < windows.Length; k++)
            {
                var blended = MiniLmEmbedder.Blend([(vectors[k], texts[k].Length), (vectors[k + 1], texts[k + 1].Length)]);
                foreach (var claim in claimVectors)
                {
                    var own = MiniLmEmbedder.Cosine(claim, windows[k]);
                    var blend = MiniLmEmbedder.Cosine(claim, blended);
                    differences.Add(blend - own);
                    if (own >= 0.35 != blend >= 0.35) flips++;
                }
            }
        }
        differences.Sort();
        var n = differences.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} window–claim pairs: cosine blended − own mean {differences.Average():F4}, mean absolute {differences.Average(Math.Abs):F4}, " +
            $"5th percentile {differences[n / 20]:F4}, 95th {differences[n * 19 / 20]:F4}; on opposite sides of 0.35: {flips} ({100.0 * flips / n:F1}%)"));
        return 0;
    }
}
