using System.Text.RegularExpressions;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Citations;

/// <summary>
/// Explicit citation markers: "[2]", "[1, 3]", "(Source 3)", "according to Source 1", "Source 2 reports",
/// and footnote numbers written as superscripts ("attack.¹").
/// </summary>
public static partial class CitationMarkers
{
    /// <summary>Links of the text in <paramref name="range"/> to sources 1..<paramref name="sourceCount"/>.</summary>
    public static List<CitationLink> Find(string text, TextSpan range, int sourceCount)
    {
        var links = new List<CitationLink>();
        if (sourceCount <= 0) return links;
        var slice = range.AsSpan(text);
        foreach (var match in Marker().EnumerateMatches(slice))
        {
            var marker = slice.Slice(match.Index, match.Length);
            var start = range.Start + match.Index;
            foreach (var number in NumbersIn(marker))
            {
                if (number < 1 || number > sourceCount || links.Exists(l => l.SourceIndex == number - 1)) continue;
                links.Add(new CitationLink(number - 1, CitationKind.Explicit, new TextSpan(start, start + match.Length)));
            }
        }
        return links;
    }

    /// <summary>
    /// A marker that opens a sentence ("[2] Next sentence") belongs to the sentence before it: the
    /// segmenter sees the period of "… attack. [2]" first. Returns the length of that leading marker.
    /// </summary>
    public static int LeadingMarkerLength(string text, TextSpan sentence)
    {
        var m = LeadingMarker().Match(sentence.Slice(text));
        return m.Success ? m.Length : 0;
    }

    /// <summary>Where the markers are in a text ("[2]", "(Source 3)", "¹"): their numbers are citations, not quantities.</summary>
    public static List<TextSpan> Spans(string text)
    {
        var spans = new List<TextSpan>();
        foreach (var match in Marker().EnumerateMatches(text)) spans.Add(new TextSpan(match.Index, match.Index + match.Length));
        return spans;
    }

    /// <summary>The text with markers removed, for scoring and matching.</summary>
    public static string Strip(string text) => Marker().Replace(text, "").Replace("  ", " ", StringComparison.Ordinal).Trim();

    static IEnumerable<int> NumbersIn(ReadOnlySpan<char> marker)
    {
        var numbers = new List<int>();
        var value = -1;
        foreach (var c in marker)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                '⁰' => 0, '¹' => 1, '²' => 2, '³' => 3, '⁴' => 4, '⁵' => 5, '⁶' => 6, '⁷' => 7, '⁸' => 8, '⁹' => 9,
                _ => -1,
            };
            if (digit >= 0) value = (value < 0 ? 0 : value * 10) + digit;
            else if (value >= 0) { numbers.Add(value); value = -1; }
        }
        if (value >= 0) numbers.Add(value);
        return numbers;
    }

    [GeneratedRegex(@"\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]|\(\s*(?:see\s+)?sources?\s+\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*\s*\)|\b(?:according\s+to\s+)?sources?\s+\d{1,3}\b|(?<=[\p{L}.,;:)""”])[⁰¹²³⁴⁵⁶⁷⁸⁹]+", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?:\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*")]
    private static partial Regex LeadingMarker();
}
