using System.Text.RegularExpressions;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Citations;

/// <summary>Finds explicit citation markers ("[2]", "(Source 3)", "according to Source 1") inside a sentence.</summary>
public static partial class CitationMarkers
{
    /// <summary>Links of the sentence at <paramref name="sentence"/> to sources 1..<paramref name="sourceCount"/>.</summary>
    public static IReadOnlyList<CitationLink> Find(string text, TextSpan sentence, int sourceCount)
    {
        if (sourceCount <= 0) return [];
        List<CitationLink>? links = null;
        foreach (var match in Marker().EnumerateMatches(sentence.AsSpan(text)))
        {
            var slice = sentence.AsSpan(text).Slice(match.Index, match.Length);
            var digits = slice.IndexOfAnyInRange('0', '9');
            var end = digits;
            while (end < slice.Length && char.IsAsciiDigit(slice[end])) end++;
            if (!int.TryParse(slice[digits..end], out var number) || number < 1 || number > sourceCount) continue;
            links ??= [];
            if (links.Exists(l => l.SourceIndex == number - 1)) continue;
            var start = sentence.Start + match.Index;
            links.Add(new CitationLink(number - 1, CitationKind.Explicit, new TextSpan(start, start + match.Length)));
        }
        return links ?? (IReadOnlyList<CitationLink>)[];
    }

    [GeneratedRegex(@"\[\s*\d{1,3}\s*\]|\(\s*(?:see\s+)?sources?\s+\d{1,3}\s*\)|\bsource\s+\d{1,3}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();
}
