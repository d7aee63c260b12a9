using System.Text.RegularExpressions;

namespace FactCheck.Analysis.Claims;

/// <summary>A sentence's check-worthiness in [0, 1], its claim type and the reasons behind the score.</summary>
public sealed record CheckWorthinessScore(double Value, ClaimType Type, IReadOnlyList<string> Reasons);

/// <summary>
/// Lexical check-worthiness: what makes a sentence worth checking is a verifiable assertion about the
/// world (numbers, named actors, past events, attributions, comparisons), and what makes it not is
/// being a question, an opinion, a prediction or not a sentence at all.
/// </summary>
public sealed partial class CheckWorthinessScorer
{
    public CheckWorthinessScore Score(string sentence)
    {
        var reasons = new List<string>();
        var words = Words().Matches(sentence);
        var trimmed = sentence.TrimEnd();

        if (SourceListLine().IsMatch(sentence))
            return new(0.0, ClaimType.NonClaim, ["lists sources"]);
        if (words.Count < 4)
            return new(0.02, ClaimType.NonClaim, ["fewer than four words"]);
        if (trimmed.EndsWith('?'))
            return new(0.05, ClaimType.Question, ["a question"]);
        if (!trimmed.EndsWith('.') && !trimmed.EndsWith('!') && !trimmed.EndsWith('"') && !trimmed.EndsWith('”') && IsTitleCase(words))
            return new(0.1, ClaimType.NonClaim, ["a heading"]);

        var score = 0.3;
        var type = ClaimType.Factual;

        if (Number().IsMatch(sentence)) { score += 0.25; reasons.Add("contains a number"); type = ClaimType.Statistic; }
        var names = CountNames(words);
        if (names > 0) { score += Math.Min(0.25, 0.1 * names); reasons.Add($"names {names} entit{(names == 1 ? "y" : "ies")}"); }
        if (EventVerb().IsMatch(sentence)) { score += 0.15; reasons.Add("reports an event"); if (type == ClaimType.Factual) type = ClaimType.Event; }
        if (Attribution().IsMatch(sentence)) { score += 0.1; reasons.Add("attributes a statement"); if (type is ClaimType.Factual or ClaimType.Event) type = ClaimType.Quote; }
        if (Comparison().IsMatch(sentence)) { score += 0.1; reasons.Add("makes a comparison"); if (type is ClaimType.Factual or ClaimType.Event) type = ClaimType.Comparison; }
        if (Causal().IsMatch(sentence)) { score += 0.05; reasons.Add("asserts a cause"); if (type == ClaimType.Factual) type = ClaimType.Causal; }
        if (Prediction().IsMatch(sentence)) { score -= 0.3; reasons.Add("speaks of the future"); type = ClaimType.Prediction; }
        if (Opinion().IsMatch(sentence)) { score -= 0.3; reasons.Add("voices an opinion"); type = ClaimType.Opinion; }

        return new(Math.Clamp(score, 0, 1), type, reasons);
    }

    static bool IsTitleCase(MatchCollection words)
    {
        var capitalised = 0;
        foreach (Match w in words)
            if (char.IsUpper(w.Value[0])) capitalised++;
        return capitalised * 2 > words.Count;
    }

    static int CountNames(MatchCollection words)
    {
        var names = 0;
        for (var i = 1; i < words.Count; i++)
        {
            var w = words[i].Value;
            if (char.IsUpper(w[0]) && !(i > 0 && char.IsUpper(words[i - 1].Value[0]) && words[i - 1].Index + words[i - 1].Length + 1 == words[i].Index))
                names++;
        }
        if (words.Count > 0 && char.IsUpper(words[0].Value[0]) && words[0].Value is not ("The" or "A" or "An" or "This" or "That" or "It" or "In" or "As" or "During" or "While"))
            names++;
        return names;
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")]
    private static partial Regex Words();

    [GeneratedRegex(@"^\W*(related\s+)?sources?\b[\s:]*(\d+)?\s*$|^\W*source\s+\d+\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex SourceListLine();

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|trillion|percent|dozen|half|twice)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(signed|agreed|announced|launched|visited|met|killed|attacked|voted|passed|approved|elected|won|lost|rose|fell|increased|decreased|doubled|cut|raised|exchanged|finalized|finalised|held|offered|received|created|built|closed|opened|banned|arrested|invaded|fired|released|sent|paid|spent|sold|bought|grew|dropped|declined|reached|hit|involved|entails|includes|obligating)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EventVerb();

    [GeneratedRegex(@"\b(said|says|told|stated|claimed|criticized|criticised|described|describing|highlighted|emphasized|emphasised|asserted|asserting|argued|denied|warned|according to|portraying|called)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"\b(more|less|fewer|most|least|higher|lower|larger|smaller|biggest|largest|strongest|weakest|best|worst|first|ever|than|record)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\b(because|due to|caused|causes|led to|leads to|result of|as a result|thanks to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Causal();

    [GeneratedRegex(@"\b(will|going to|would likely|is expected to|are expected to|could potentially|may soon|in the future)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Prediction();

    [GeneratedRegex(@"\b(I think|I believe|I feel|in my (view|opinion)|we should|should be|must be|beautiful|terrible|wonderful|disgrace|great job|amazing|awful)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Opinion();
}
