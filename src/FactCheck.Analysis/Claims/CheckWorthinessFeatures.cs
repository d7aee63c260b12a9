using System.Text.RegularExpressions;

namespace FactCheck.Analysis.Claims;

/// <summary>Which groups of features a check-worthiness model uses.</summary>
[Flags]
public enum FeatureGroups
{
    None = 0,
    /// <summary>The sentence's MiniLM embedding: what it is about.</summary>
    Embedding = 1,
    /// <summary>Hand-written cues: numbers, names, questions, hedges, tense, length.</summary>
    Cues = 2,
    /// <summary>Hashed word unigrams and bigrams.</summary>
    Ngrams = 4,
    All = Embedding | Cues | Ngrams,
}

/// <summary>
/// Turns a sentence (and optionally its embedding) into the sparse feature vector of the
/// check-worthiness model. Layout: [0, 384) embedding, [512, 512 + cues) cues, [1024, 1024 + 2^bits) n-grams.
/// </summary>
public static partial class CheckWorthinessFeatures
{
    public const int EmbeddingOffset = 0;
    public const int CueOffset = 512;
    public const int NgramOffset = 1024;
    public const int NgramBits = 16;
    public const int Dimensions = NgramOffset + (1 << NgramBits);

    /// <summary>The names of the cue features, in order (for reasons and for the model file).</summary>
    public static readonly string[] CueNames =
    [
        "number", "percent", "money", "year", "number word", "names", "question", "first person", "second person",
        "future", "modal", "opinion word", "comparison", "superlative", "negation", "past tense", "attribution",
        "causal", "short", "long", "interjection", "quote", "law or policy", "statistics word", "exclamation",
    ];

    public static SparseVector Build(string sentence, float[]? embedding, FeatureGroups groups)
    {
        var indices = new List<int>(512);
        var values = new List<float>(512);
        if (groups.HasFlag(FeatureGroups.Embedding) && embedding is not null)
        {
            for (var i = 0; i < embedding.Length; i++)
            {
                indices.Add(EmbeddingOffset + i);
                values.Add(embedding[i]);
            }
        }
        var tokens = Tokenize(sentence);
        if (groups.HasFlag(FeatureGroups.Cues))
        {
            var cues = Cues(sentence, tokens);
            for (var i = 0; i < cues.Length; i++)
            {
                if (cues[i] == 0) continue;
                indices.Add(CueOffset + i);
                values.Add(cues[i]);
            }
        }
        if (groups.HasFlag(FeatureGroups.Ngrams))
        {
            var counts = new Dictionary<int, float>();
            for (var i = 0; i < tokens.Count; i++)
            {
                Add(counts, Hash(tokens[i]));
                if (i + 1 < tokens.Count) Add(counts, Hash(tokens[i] + " " + tokens[i + 1]));
            }
            // Binary presence, scaled so long sentences do not dominate.
            var scale = 1f / MathF.Sqrt(Math.Max(1, counts.Count));
            foreach (var index in counts.Keys)
            {
                indices.Add(NgramOffset + index);
                values.Add(scale);
            }
        }
        return new SparseVector([.. indices], [.. values]);
    }

    static void Add(Dictionary<int, float> counts, int index) => counts[index] = 1;

    // FNV-1a over UTF-16 code units: stable across processes and versions, unlike string.GetHashCode.
    static int Hash(string token)
    {
        var hash = 2166136261u;
        foreach (var c in token)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash & ((1u << NgramBits) - 1));
    }

    /// <summary>Lower-cased words; numbers become "&lt;num&gt;" so "3%" and "8%" look alike to the n-grams.</summary>
    public static List<string> Tokenize(string sentence)
    {
        var tokens = new List<string>();
        foreach (Match m in Word().Matches(sentence))
            tokens.Add(char.IsDigit(m.Value[0]) ? "<num>" : m.Value.ToLowerInvariant());
        return tokens;
    }

    static float[] Cues(string s, List<string> tokens)
    {
        var f = new float[CueNames.Length];
        var words = Math.Max(1, tokens.Count);
        f[0] = Digit().IsMatch(s) ? 1 : 0;
        f[1] = Percent().IsMatch(s) ? 1 : 0;
        f[2] = Money().IsMatch(s) ? 1 : 0;
        f[3] = Year().IsMatch(s) ? 1 : 0;
        f[4] = NumberWord().IsMatch(s) ? 1 : 0;
        f[5] = Math.Min(3, CapitalisedInside().Count(s)) / 3f;
        f[6] = s.TrimEnd().EndsWith('?') ? 1 : 0;
        f[7] = tokens.Count(t => t is "i" or "we" or "me" or "my" or "our" or "us") / (float)words * 5;
        f[8] = tokens.Count(t => t is "you" or "your") / (float)words * 5;
        f[9] = Future().IsMatch(s) ? 1 : 0;
        f[10] = Modal().IsMatch(s) ? 1 : 0;
        f[11] = Opinion().IsMatch(s) ? 1 : 0;
        f[12] = Comparison().IsMatch(s) ? 1 : 0;
        f[13] = Superlative().IsMatch(s) ? 1 : 0;
        f[14] = Negation().IsMatch(s) ? 1 : 0;
        f[15] = Math.Min(3, tokens.Count(t => t.Length > 4 && t.EndsWith("ed", StringComparison.Ordinal))) / 3f;
        f[16] = Attribution().IsMatch(s) ? 1 : 0;
        f[17] = Causal().IsMatch(s) ? 1 : 0;
        f[18] = tokens.Count < 6 ? 1 : 0;
        f[19] = tokens.Count > 25 ? 1 : 0;
        f[20] = Interjection().IsMatch(s) ? 1 : 0;
        f[21] = s.Contains('"') || s.Contains('“') ? 1 : 0;
        f[22] = Policy().IsMatch(s) ? 1 : 0;
        f[23] = StatisticsWord().IsMatch(s) ? 1 : 0;
        f[24] = s.TrimEnd().EndsWith('!') ? 1 : 0;
        return f;
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’]*")]
    private static partial Regex Word();
    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();
    [GeneratedRegex(@"%|\bper ?cent\b", RegexOptions.IgnoreCase)]
    private static partial Regex Percent();
    [GeneratedRegex(@"[$€£]\s?\d|\b(dollars?|euros?|pounds?|billion|trillion)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Money();
    [GeneratedRegex(@"\b(1[89]\d\d|20\d\d)\b")]
    private static partial Regex Year();
    [GeneratedRegex(@"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|half|twice|double|triple|dozens?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWord();
    [GeneratedRegex(@"(?<=\s)[A-Z][\p{L}]+")]
    private static partial Regex CapitalisedInside();
    [GeneratedRegex(@"\b(will|going to|gonna|plan to|intend to|next year|in the future)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Future();
    [GeneratedRegex(@"\b(should|must|ought|could|might|may|need to|have to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Modal();
    [GeneratedRegex(@"\b(think|believe|feel|hope|great|terrible|wonderful|amazing|horrible|disgrace|beautiful|tremendous|love|hate|wrong|right|fantastic|sad|bad|good)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Opinion();
    [GeneratedRegex(@"\b(more|less|fewer|higher|lower|bigger|smaller|than|increase[sd]?|decrease[sd]?|rose|fell|grew|doubled|tripled|cut)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Comparison();
    [GeneratedRegex(@"\b(most|least|largest|biggest|highest|lowest|worst|best|strongest|first|only|ever|never|record)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Superlative();
    [GeneratedRegex(@"\b(not|no|never|n't|none|nobody|nothing)\b|n't\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();
    [GeneratedRegex(@"\b(said|says|according to|reported|claimed|stated|announced|told)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();
    [GeneratedRegex(@"\b(because|caused?|due to|led to|result(ed)? in|thanks to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Causal();
    [GeneratedRegex(@"^\W*(thank you|thanks|hello|hi|good (evening|morning|night)|okay|ok|well|yes|no|oh|wow|applause|laughter|crosstalk)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Interjection();
    [GeneratedRegex(@"\b(law|bill|tax(es)?|act|policy|plan|deal|treaty|agreement|regulation|budget|deficit|debt)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Policy();
    [GeneratedRegex(@"\b(jobs?|unemployment|rate|percent|average|wages?|income|million|billion|poverty|crime|deaths?|killed|votes?|growth|gdp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatisticsWord();
}
