using System.Text.RegularExpressions;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Claims;

/// <summary>
/// Splits a sentence that asserts several independent facts ("X signed the pact, and Y criticised it")
/// into clauses with their own spans. Only where it is safe: the right side must have its own subject
/// and verb, the left side must stand alone, and sentences opening with a subordinate clause
/// ("While …, …") are left whole.
/// </summary>
public static partial class ClauseSplitter
{
    public static IReadOnlyList<TextSpan> Split(string text, TextSpan sentence)
    {
        var slice = sentence.Slice(text);
        if (Subordinate().IsMatch(slice)) return [sentence];
        var parts = new List<TextSpan>();
        var start = 0;
        foreach (Match m in Joint().Matches(slice))
        {
            var rightStart = m.Index + m.Length;
            var left = slice[start..m.Index];
            var right = slice[rightStart..];
            if (WordCount(left) < 4 || !IndependentClause().IsMatch(right) || WordCount(right) < 4) continue;
            parts.Add(Trim(text, sentence.Start + start, sentence.Start + m.Index));
            start = rightStart;
        }
        if (parts.Count == 0) return [sentence];
        parts.Add(Trim(text, sentence.Start + start, sentence.End));
        return parts;
    }

    static int WordCount(string s) => Word().Count(s);

    static TextSpan Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ',' or ';')) end--;
        return new TextSpan(start, end);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^\W*(while|although|though|if|when|whereas|because|since|as|after|before|unless|until|once)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Subordinate();

    // ", and" / ", but" / ", while" / ";" between clauses.
    [GeneratedRegex(@",\s+(?:and|but|while|whereas)\s+|;\s+")]
    private static partial Regex Joint();

    // A subject (a name, a pronoun or a determiner phrase) followed closely by a finite verb.
    [GeneratedRegex(@"^(?:(?:he|she|they|it|we|i|this|that|[A-Z][\p{L}'’-]*(?:\s+[A-Z][\p{L}'’-]*)*|(?:the|its|his|her|their|a|an)\s+(?:[\p{L}'’-]+\s+){0,3}?[\p{L}'’-]+))\s+(?:(?:also|later|then|recently|has|have|had|was|were|is|are|will|would|did|does)\s+)?(?:[a-z]+ed|is|are|was|were|has|have|had|said|says|signed|met|won|lost|rose|fell|grew|made|gave|took|sent|sold|left|held|told|called|cut|hit|led|paid|ran|saw|spent|came|went|built|bought|brought|kept|began|became)\b")]
    private static partial Regex IndependentClause();
}
