using System.Globalization;
using System.Reflection;
using System.Text;

namespace FactCheck.Analysis.Evidence;

/// <summary>
/// BERT's uncased tokenizer over the MiniLM vocabulary: text cleaned (controls dropped, whitespace unified, CJK
/// ideographs split off), split on whitespace and punctuation, lower-cased with accents stripped, then greedy
/// longest-match WordPiece. It mirrors <c>tools/crossencoder/bert.py</c>, which the cross-encoder was trained with
/// (a test compares them on a fixture the training writes). Lower-casing and accent stripping use a table written
/// by <c>tools/crossencoder/normalization.py</c> from Python's Unicode data: the service runs with invariant
/// globalization, where <see cref="string.Normalize()"/> leaves non-ASCII text unchanged.
/// </summary>
public sealed class WordPieceTokenizer
{
    const int MaxWordLength = 100;
    readonly Dictionary<string, int> ids;
    readonly Dictionary<int, string> normalization;

    public int Cls { get; }
    public int Sep { get; }
    public int Pad { get; }
    public int Unknown { get; }
    public int VocabularySize => ids.Count;

    public WordPieceTokenizer(IEnumerable<string> vocabulary, Dictionary<int, string> normalization)
    {
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var token in vocabulary) ids.TryAdd(token, i++);
        this.normalization = normalization;
        Cls = ids["[CLS]"];
        Sep = ids["[SEP]"];
        Pad = ids["[PAD]"];
        Unknown = ids["[UNK]"];
    }

    /// <summary>The MiniLM package's vocabulary with the embedded normalisation table.</summary>
    public static WordPieceTokenizer LoadDefault()
    {
        var tokens = Embeddings.PackageTokenizer.PackageVocabulary();
        using var table = Assembly.GetExecutingAssembly().GetManifestResourceStream("FactCheck.Analysis.Evidence.Models.wordpiece-normalization.tsv")
            ?? throw new InvalidOperationException("wordpiece-normalization.tsv is not embedded.");
        return new WordPieceTokenizer(tokens, ReadNormalization(table));
    }

    public static Dictionary<int, string> ReadNormalization(Stream stream)
    {
        var map = new Dictionary<int, string>();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var from = int.Parse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var to = new StringBuilder();
            foreach (var hex in line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                to.Append(char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            map[from] = to.ToString();
        }
        return map;
    }

    /// <summary>The words of BERT's basic tokenizer: lower-cased, accents stripped, punctuation split off.</summary>
    public List<string> BasicTokens(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
        var runes = text.EnumerateRunes().ToArray();
        for (var index = 0; index < runes.Length; index++)
        {
            var rune = runes[index];
            var cp = rune.Value;
            if (cp == 0 || cp == 0xFFFD) continue;
            var category = Rune.GetUnicodeCategory(rune);
            if (cp is '\t' or '\n' or '\r' || category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                Flush();
                continue;
            }
            if (category is UnicodeCategory.Control or UnicodeCategory.Format) continue;
            if (IsCjk(cp))
            {
                Flush();
                words.Add(rune.ToString());
                continue;
            }
            // Lower-case, decompose and drop combining marks, then split punctuation off as words of their own.
            // Python lower-cases a final capital sigma (a letter before it, none after) to the final form.
            var normalized = cp == 0x3A3 && index > 0 && Rune.IsLetter(runes[index - 1]) && (index + 1 == runes.Length || !Rune.IsLetter(runes[index + 1]))
                ? "\u03C2" : Normalize(rune);
            foreach (var c in normalized.EnumerateRunes())
            {
                if (IsPunctuation(c))
                {
                    Flush();
                    words.Add(c.ToString());
                }
                else current.Append(c.ToString());
            }
        }
        Flush();
        return words;
    }

    string Normalize(Rune rune)
    {
        var cp = rune.Value;
        if (cp < 0x80) return cp is >= 'A' and <= 'Z' ? ((char)(cp + 32)).ToString() : rune.ToString();
        if (cp is >= 0xAC00 and <= 0xD7A3)
        {
            // Hangul syllables decompose by formula into their jamo (Unicode 3.12).
            var s = cp - 0xAC00;
            var sb = new StringBuilder().Append((char)(0x1100 + s / 588)).Append((char)(0x1161 + s % 588 / 28));
            if (s % 28 != 0) sb.Append((char)(0x11A7 + s % 28));
            return sb.ToString();
        }
        return normalization.TryGetValue(cp, out var mapped) ? mapped : rune.ToString();
    }

    static bool IsPunctuation(Rune rune)
    {
        var cp = rune.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>The WordPiece ids of a text, without [CLS] or [SEP].</summary>
    public List<int> Encode(string text)
    {
        var result = new List<int>();
        foreach (var word in BasicTokens(text)) AddWord(word, result);
        return result;
    }

    void AddWord(string word, List<int> result)
    {
        // Length in code points, as Python counts it.
        var runes = word.EnumerateRunes().Count();
        if (runes > MaxWordLength)
        {
            result.Add(Unknown);
            return;
        }
        var pieces = new List<int>();
        var start = 0;
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[2 + 2 * MaxWordLength];
        while (start < word.Length)
        {
            var end = word.Length;
            var found = -1;
            while (start < end)
            {
                var piece = word.AsSpan(start, end - start);
                scoped ReadOnlySpan<char> key;
                if (start == 0) key = piece;
                else
                {
                    buffer[0] = '#';
                    buffer[1] = '#';
                    piece.CopyTo(buffer[2..]);
                    key = buffer[..(piece.Length + 2)];
                }
                if (lookup.TryGetValue(key, out var id))
                {
                    found = id;
                    break;
                }
                end--;
                if (end > start && char.IsLowSurrogate(word[end])) end--;
            }
            if (found < 0)
            {
                result.Add(Unknown);
                return;
            }
            pieces.Add(found);
            start = end;
        }
        result.AddRange(pieces);
    }

    /// <summary>
    /// <c>[CLS] claim [SEP] passage [SEP]</c> with token types 0 then 1: the claim cut to <paramref name="maxClaim"/>
    /// tokens, the passage to what is left of <paramref name="maxLength"/>.
    /// </summary>
    public (int[] Ids, int[] Types) EncodePair(string claim, string passage, int maxLength = 128, int maxClaim = 48)
    {
        var a = Encode(claim);
        if (a.Count > maxClaim) a.RemoveRange(maxClaim, a.Count - maxClaim);
        var b = Encode(passage);
        var room = Math.Max(0, maxLength - 3 - a.Count);
        if (b.Count > room) b.RemoveRange(room, b.Count - room);
        var ids = new int[a.Count + b.Count + 3];
        var types = new int[ids.Length];
        ids[0] = Cls;
        a.CopyTo(ids, 1);
        ids[a.Count + 1] = Sep;
        b.CopyTo(ids, a.Count + 2);
        ids[^1] = Sep;
        for (var i = a.Count + 2; i < ids.Length; i++) types[i] = 1;
        return (ids, types);
    }
}
