using System.Text.RegularExpressions;

namespace FactCheck.Tools.Experiments;

/// <summary>An earlier claim found for a query, with the scores the matcher computed for it.</summary>
/// <param name="Text">The earlier claim's text.</param>
/// <param name="Context">An imported fact-check's headline, else null.</param>
/// <param name="TextCosine">MiniLM cosine of the query and the claim.</param>
/// <param name="ContextCosine">MiniLM cosine of the query and the headline (null without one).</param>
/// <param name="Lexical">BM25 of the candidate for the query's lexemes, divided by the best candidate's.</param>
/// <param name="NumbersDiffer">Both state numbers and they differ.</param>
public sealed record MatchPair(string Text, string? Context, double TextCosine, double? ContextCosine, double Lexical, bool NumbersDiffer);

/// <summary>
/// What decides whether an earlier claim says the same as a query, beyond the two scores: whether the
/// names the query mentions (people, places, organisations) are the candidate's, whether the speaker a
/// social-media signature names ("— Name (@handle) date") appears in it, how much of the query's own
/// content words it repeats and the other way round, where it ranks on each score among the candidates,
/// and how far it is from the best of them.
/// </summary>
public static partial class MatchFeatures
{
    public static readonly string[] Names =
    [
        "cosine (best of claim, headline)", "cosine (claim)", "cosine (headline)", "bm25 (normalised)",
        "query names found", "query has names", "candidate names found", "content words found", "candidate words found",
        "numbers differ", "1 / cosine rank", "1 / bm25 rank", "cosine gap to best", "speaker named", "quoted words found",
    ];

    public static int Count => Names.Length;

    /// <summary>Features of every candidate of one query (the ranks and gaps are relative to the list).</summary>
    public static float[][] Compute(string query, IReadOnlyList<MatchPair> candidates)
    {
        var q = Analyse(query);
        var semantic = candidates.Select(c => Math.Max(c.TextCosine, c.ContextCosine ?? -1)).ToArray();
        var semanticRank = Ranks(semantic);
        var lexicalRank = Ranks(candidates.Select(c => c.Lexical).ToArray());
        var bestSemantic = semantic.Length == 0 ? 0 : semantic.Max();
        var result = new float[candidates.Count][];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var text = c.Context is null ? c.Text : c.Text + " " + c.Context;
            var words = Words(text);
            var lower = words.Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            var stems = lower.Where(IsContent).Select(Stem).ToHashSet(StringComparer.Ordinal);
            var candidateNames = words.Where(IsName).Select(w => w.ToLowerInvariant()).Distinct().ToList();
            var x = new float[Count];
            x[0] = (float)semantic[i];
            x[1] = (float)c.TextCosine;
            x[2] = (float)(c.ContextCosine ?? c.TextCosine);
            x[3] = (float)c.Lexical;
            x[4] = q.Names.Count == 0 ? 0 : q.Names.Count(lower.Contains) / (float)q.Names.Count;
            x[5] = q.Names.Count == 0 ? 0 : 1;
            x[6] = candidateNames.Count == 0 ? 0 : candidateNames.Count(q.Lower.Contains) / (float)candidateNames.Count;
            x[7] = q.Stems.Count == 0 ? 0 : q.Stems.Count(stems.Contains) / (float)q.Stems.Count;
            x[8] = stems.Count == 0 ? 0 : stems.Count(q.Stems.Contains) / (float)stems.Count;
            x[9] = c.NumbersDiffer ? 1 : 0;
            x[10] = 1f / (1 + semanticRank[i]);
            x[11] = 1f / (1 + lexicalRank[i]);
            x[12] = (float)(semantic[i] - bestSemantic);
            x[13] = q.Speaker.Count == 0 ? 0 : q.Speaker.Count(lower.Contains) / (float)q.Speaker.Count;
            x[14] = q.Quoted.Count == 0 ? 0 : q.Quoted.Count(s => stems.Contains(s)) / (float)q.Quoted.Count;
            result[i] = x;
        }
        return result;
    }

    sealed record Query(HashSet<string> Lower, HashSet<string> Stems, List<string> Names, List<string> Speaker, List<string> Quoted);

    static Query Analyse(string query)
    {
        // A social-media signature names the speaker: "… — Donald J. Trump (@realDonaldTrump) May 3, 2019".
        var body = query;
        var speaker = new List<string>();
        var signature = Signature().Match(query);
        if (signature.Success)
        {
            body = query[..signature.Index];
            speaker = Words(signature.Groups["name"].Value).Where(w => w.Length > 1).Select(w => w.ToLowerInvariant()).Distinct().ToList();
        }
        var words = Words(query);
        var names = Words(body).Where(IsName).Select(w => w.ToLowerInvariant()).Distinct().ToList();
        var quoted = Quotes().Matches(body).SelectMany(m => Words(m.Groups[1].Value)).Select(w => w.ToLowerInvariant())
            .Where(IsContent).Select(Stem).Distinct().ToList();
        var lower = words.Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return new Query(lower, Words(body).Select(w => w.ToLowerInvariant()).Where(IsContent).Select(Stem).ToHashSet(StringComparer.Ordinal),
            names, speaker, quoted);
    }

    static int[] Ranks(double[] scores)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        var ranks = new int[scores.Length];
        for (var r = 0; r < order.Length; r++) ranks[order[r]] = r;
        return ranks;
    }

    static List<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value).ToList();

    /// <summary>A capitalised word that is not a function word: a name, most of the time.</summary>
    static bool IsName(string word) => word.Length > 1 && char.IsUpper(word[0]) && !Stopwords.Contains(word.ToLowerInvariant());

    static bool IsContent(string lower) => lower.Length > 2 && !Stopwords.Contains(lower) && !lower.All(char.IsDigit);

    /// <summary>A crude stem: the first five letters ("vaccines", "vaccinated" → "vacci").</summary>
    static string Stem(string lower) => lower.Length <= 5 ? lower : lower[..5];

    static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "about", "as", "into",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could",
        "should", "may", "might", "must", "shall", "not", "no", "yes", "this", "that", "these", "those", "it", "its", "he", "she",
        "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "me", "my", "who", "whom", "which", "what", "when",
        "where", "why", "how", "all", "any", "some", "more", "most", "than", "then", "there", "here", "so", "just", "also", "very",
        "up", "out", "over", "after", "before", "said", "says", "say", "new", "one", "two", "rt", "via", "amp", "just", "now",
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february", "march",
        "april", "june", "july", "august", "september", "october", "november", "december", "today", "breaking", "video", "photo",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'[\p{L}]+)?")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s[—–-]\s(?<name>[^(@—]{2,60}?)\s*\(@\w+\)[^—]*$")]
    private static partial Regex Signature();

    [GeneratedRegex(@"[""“”]([^""“”]{8,})[""“”]")]
    private static partial Regex Quotes();
}
