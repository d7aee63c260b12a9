using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Evidence;

/// <summary>A sentence of a source that may bear on a claim.</summary>
/// <param name="Span">Where the sentence stands in the source text.</param>
/// <param name="Lexical">BM25 of the claim's words in the sentence, scaled to [0, 1] within the source.</param>
/// <param name="Parts">For a window of sentences read together, its sentences: its MiniLM vector is taken from theirs.</param>
public sealed record EvidenceCandidate(TextSpan Span, string Text, double Lexical, IReadOnlyList<string>? Parts = null);

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

    public static List<EvidenceCandidate> Rank(string claim, string source, int take = 10) => Index(source).Rank(claim, take);

    /// <summary>
    /// A source's sentences with their terms and document frequencies, computed once: a source cited by many claims is
    /// segmented and tokenised once, then ranked against each claim.
    /// </summary>
    public static SourceIndex Index(string source) => new(source);

    public sealed class SourceIndex
    {
        readonly string source;
        readonly List<TextSpan> sentences;
        readonly List<Dictionary<string, int>> counts;
        readonly List<int> lengths;
        readonly Dictionary<string, int> df = new(StringComparer.Ordinal);
        readonly double average;

        internal SourceIndex(string source)
        {
            this.source = source;
            sentences = SentenceSegmenter.Split(source);
            counts = new(sentences.Count);
            lengths = new(sentences.Count);
            foreach (var sentence in sentences)
            {
                var terms = Terms(sentence.Slice(source));
                var count = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var term in terms) count[term] = count.GetValueOrDefault(term) + 1;
                counts.Add(count);
                lengths.Add(terms.Count);
                foreach (var term in count.Keys) df[term] = df.GetValueOrDefault(term) + 1;
            }
            average = sentences.Count == 0 ? 1 : Math.Max(1, lengths.Average());
        }

        /// <summary>The source's sentences, in order (the segmenter's spans).</summary>
        public IReadOnlyList<TextSpan> Sentences => sentences;

        /// <summary>The <paramref name="take"/> sentences with the highest BM25 for the claim's words, best first.</summary>
        public List<EvidenceCandidate> Rank(string claim, int take = 10)
        {
            var query = Terms(claim).Distinct().ToList();
            if (sentences.Count == 0 || query.Count == 0) return [];
            var scored = new List<(int Index, double Score)>(sentences.Count);
            for (var i = 0; i < sentences.Count; i++)
            {
                double score = 0;
                foreach (var term in query)
                {
                    var tf = counts[i].GetValueOrDefault(term);
                    if (tf == 0) continue;
                    var n = df[term];
                    var idf = Math.Log(1 + (sentences.Count - n + 0.5) / (n + 0.5));
                    score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[i] / average));
                }
                scored.Add((i, score));
            }
            var best = Math.Max(scored.Max(s => s.Score), 1e-9);
            return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(take)
                .Select(s => new EvidenceCandidate(sentences[s.Index], sentences[s.Index].Slice(source), s.Score / best))
                .ToList();
        }
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
