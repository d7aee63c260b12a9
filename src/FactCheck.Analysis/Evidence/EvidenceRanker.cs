using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Evidence;

/// <summary>A sentence of a source that may bear on a claim.</summary>
/// <param name="Span">Where the sentence stands in the source text.</param>
/// <param name="Lexical">BM25 of the claim's words in the sentence, scaled to [0, 1] within the source.</param>
public sealed record EvidenceCandidate(TextSpan Span, string Text, double Lexical);

/// <summary>
/// First stage of evidence search: every sentence of a source scored by BM25 against the claim's words
/// (document frequencies from the source's own sentences), best first. Pure; the embedding re-rank and
/// the stance come after.
/// </summary>
public static class EvidenceRanker
{
    const double K1 = 1.2;
    const double B = 0.75;

    static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was", "were",
        "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "which", "who", "will", "would", "can",
        "could", "than", "their", "his", "her", "they", "he", "she", "we", "i", "you", "but", "also", "into", "about", "over",
    };

    public static List<EvidenceCandidate> Rank(string claim, string source, int take = 10)
    {
        var query = Terms(claim).Distinct().ToList();
        var sentences = SentenceSegmenter.Split(source);
        if (sentences.Count == 0 || query.Count == 0) return [];
        var docs = sentences.Select(s => Terms(s.Slice(source))).ToList();
        var average = Math.Max(1, docs.Average(d => d.Count));
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in docs)
            foreach (var term in doc.Distinct())
                df[term] = df.GetValueOrDefault(term) + 1;

        var scored = new List<(int Index, double Score)>(docs.Count);
        for (var i = 0; i < docs.Count; i++)
        {
            var doc = docs[i];
            double score = 0;
            foreach (var term in query)
            {
                var tf = doc.Count(t => t == term);
                if (tf == 0) continue;
                var n = df[term];
                var idf = Math.Log(1 + (docs.Count - n + 0.5) / (n + 0.5));
                score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.Count / average));
            }
            scored.Add((i, score));
        }
        var best = Math.Max(scored.Max(s => s.Score), 1e-9);
        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(take)
            .Select(s => new EvidenceCandidate(sentences[s.Index], sentences[s.Index].Slice(source), s.Score / best))
            .ToList();
    }

    /// <summary>Lower-cased content words, crudely stemmed (plural and -ing/-ed endings) so "rising" meets "rise".</summary>
    public static List<string> Terms(string text) =>
        CheckWorthinessFeatures.Tokenize(text).Where(t => t.Length > 1 && !StopWords.Contains(t)).Select(Stem).ToList();

    static string Stem(string word)
    {
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal)) return word[..^3];
        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal)) return word[..^2];
        if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal)) return word[..^2];
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal)) return word[..^1];
        return word;
    }
}
