using System.Text.RegularExpressions;

namespace FactCheck.Analysis.Claims;

/// <summary>Decides the kind of statement a sentence or clause makes, and who makes it.</summary>
public static partial class ClaimTypes
{
    public static ClaimType Classify(string text, IReadOnlyList<NumberMention> numbers, string? speaker)
    {
        var trimmed = text.TrimEnd();
        // A question or an opinion someone is reported to have put ("Donald Trump tweeted, "Who thinks …???"", "Beijing
        // announced that Chinese people should not travel to the US", "studies saying masks should be worn only
        // indoors"): that it was said is checkable, whether or not the speaker is a name we know. Fact-checkers'
        // claims are often of this form, and typing them as opinions left refuted claims not checkable.
        if (trimmed.TrimEnd('"', '\'', '\u201D', '\u2019', ')', ' ').EndsWith('?'))
            return QuotedQuestion().IsMatch(text) ? ClaimType.Quote : ClaimType.Question;
        // A forecast someone is reported to have made ("Mayor Ana Ruiz said the project will cost $4.5 million") is a
        // quote: that it was said, and what it says, can be checked against the sources.
        // "Drinking water will protect you from COVID-19": a general effect in the future tense, checkable now; a
        // forecast names its time ("next year", "by 2030") or has no causal claim to check.
        if (Prediction().IsMatch(text))
            return speaker is not null ? ClaimType.Quote
                : Causal().IsMatch(text) && !FutureTime().IsMatch(text) ? ClaimType.Causal : ClaimType.Prediction;
        // Likewise an opinion someone is reported to have voiced ("Taylor Swift says we should remove the statue"):
        // whether they said it is checkable.
        if (Opinion().Match(text) is { Success: true } opinion)
            return speaker is not null || ReportedBefore(text, opinion.Index) ? ClaimType.Quote : ClaimType.Opinion;
        if (speaker is not null || QuoteMarks().IsMatch(text)) return ClaimType.Quote;
        if (numbers.Any(n => n.Kind is QuantityKind.Percent or QuantityKind.Money or QuantityKind.Measure || (n.Kind == QuantityKind.Count && n.Value > 2))) return ClaimType.Statistic;
        if (Comparison().IsMatch(text)) return ClaimType.Comparison;
        if (Causal().IsMatch(text)) return ClaimType.Causal;
        if (EventVerb().IsMatch(text)) return ClaimType.Event;
        return ClaimType.Factual;
    }

    /// <summary>
    /// The entity the text is attributed to: for the first attribution verb that has one, the nearest
    /// person or organisation before it ("Blinken criticised"), or after it ("according to the Kremlin", ", said Blinken",
    /// "…," says film maker David Lynch). Not a speaker: the subject of a passive ("Prince Andrew is accused", "a drink
    /// called Covid-Organics"), a name used as a modifier ("the New York Times writer says", "South African police"),
    /// the first word of a quote after the verb ("Urmila Matondkar, said, "By abusing …""). A subject followed by an
    /// aside ("Boris Johnson, speaking in Parliament, stated") is the speaker, not the aside's last name.
    /// </summary>
    public static string? Speaker(string text, int offset, IReadOnlyList<EntityMention> entities)
    {
        var candidates = entities.Where(e => e.Kind is EntityKind.Person or EntityKind.Organization).OrderBy(e => e.Span.Start).ToList();
        if (candidates.Count == 0) return null;
        foreach (Match m in AttributionVerb().Matches(text))
        {
            var verb = m.Groups["inverted"].Success ? m.Groups["inverted"] : m.Groups["verb"].Success ? m.Groups["verb"] : (Group)m;
            var verbAt = offset + verb.Index;
            var before = text[..m.Index];
            var rest = text[(verb.Index + verb.Length)..].TrimStart();
            if (Passive().IsMatch(before) || NamingUse(verb.Value, before, rest)) continue;
            var inverted = m.Value.StartsWith("according to", StringComparison.OrdinalIgnoreCase)
                || (m.Groups["inverted"].Success && !StartsQuoteOrClause(rest));
            if (inverted)
            {
                var near = candidates.Where(e => e.Span.Start > verbAt && e.Span.Start - verbAt < 60).ToList();
                var after = near.FirstOrDefault(e => e.Kind == EntityKind.Person) ?? near.FirstOrDefault();
                if (after is not null) return after.Name;
                continue;
            }
            // An aside between subject and verb: ", speaking in the British Parliament, stated".
            var trimmed = before.TrimEnd();
            if (trimmed.EndsWith(',') && trimmed[..^1].LastIndexOf(',') is var open and > 0)
            {
                var subject = candidates.LastOrDefault(e => e.Span.End <= offset + open && offset + open - e.Span.End <= 2);
                if (subject is not null) return subject.Name;
            }
            var pick = candidates.Where(e => e.Span.End <= verbAt && verbAt - e.Span.End < 60)
                .OrderByDescending(e => e.Span.End)
                .FirstOrDefault(e => e.Kind == EntityKind.Person || !ModifiesNoun(text, e.Span.End - offset, verb.Index));
            if (pick is not null) return pick.Name;
            // "…8 years says Kenya's finance minister Henry Rotich": the speaker comes after a reporting verb.
            if (verb.Value.ToLowerInvariant() is "said" or "says" or "told" or "stated")
            {
                var after = candidates.FirstOrDefault(e => e.Kind == EntityKind.Person && e.Span.Start > verbAt && e.Span.Start - verbAt < 60);
                if (after is not null && !StartsQuoteOrClause(rest)) return after.Name;
            }
        }
        return null;
    }

    /// <summary>A reporting verb ("said", "announced", "tweeted", "saying", …) comes before <paramref name="index"/>: what follows is reported.</summary>
    static bool ReportedBefore(string text, int index) => Reporting().Match(text) is { Success: true } m && m.Index < index;

    /// <summary>"a drink called X", "accused of": the verb names or describes, nobody speaks.</summary>
    static bool NamingUse(string verb, string before, string rest)
    {
        var previous = before.TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (verb.Equals("called", StringComparison.OrdinalIgnoreCase) && previous.Length > 0 && char.IsLower(previous[0])) return true;
        if (verb.Equals("accused", StringComparison.OrdinalIgnoreCase) && rest.StartsWith("of ", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>What follows the verb opens a quote or a clause (", "…", "that …"), not a name.</summary>
    static bool StartsQuoteOrClause(string rest) =>
        rest.Length == 0 || rest[0] is ',' or ':' or '"' or '“' or '\'' or '‘' || rest.StartsWith("that ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The entity ending at <paramref name="end"/> modifies a noun ("New York Times writer", "Nigerian presidential candidate").</summary>
    static bool ModifiesNoun(string text, int end, int verbIndex)
    {
        if (end < 0 || end >= verbIndex) return false;
        var between = text[end..verbIndex];
        var first = between.TrimStart();
        return between.Length > 0 && char.IsWhiteSpace(between[0]) && first.Length > 0 && char.IsLower(first[0]);
    }

    [GeneratedRegex(@"\b(will|shall|going to|is expected to|are expected to|is set to|are set to|plans? to|intends? to|next (year|month|week)|in the (coming|next) (years?|months?|weeks?|decades?)|by 20[3-9]\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Prediction();

    [GeneratedRegex(@"\b(next (year|month|week|decade)|in the (coming|next) (years?|months?|weeks?|decades?)|by (the end of )?20\d\d|in 20[3-9]\d|tomorrow|soon)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FutureTime();

    [GeneratedRegex(@"\b(I think|I believe|I feel|we believe|in my (view|opinion)|should|ought to|must be|it is (clear|obvious) that|beautiful|terrible|wonderful|disgrace(ful)?|great job|amazing|awful|shameful|outrageous|ridiculous)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Opinion();

    [GeneratedRegex(@"\b(said|says|say|saying|told|tells|stated|states|announced|announces|tweeted|tweets|wrote|writes|posted|posts|claimed|claims|claiming|declared|asked|asks|according to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reporting();

    /// <summary>A question quoted after a reporting verb ("tweeted, "Who …?"", "asked: "Why …?""), not one the text asks ("Did he say that …?").</summary>
    [GeneratedRegex(@"\b(said|says|told|stated|announced|tweeted|wrote|posted|claimed|declared|asked|asks)\s*[,:]?\s*[""\u201C\u2018']", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedQuestion();

    [GeneratedRegex(@"[""“”]")]
    private static partial Regex QuoteMarks();

    [GeneratedRegex(@"\b(more|less|fewer|most|least|higher|lower|larger|smaller|biggest|largest|lowest|highest|strongest|weakest|best|worst|first ever|ever|than|record|compared (to|with))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\b(because|due to|caused|causes|cause|causing|led to|leads to|lead to|result(ed|s)? in|as a result|thanks to|blamed|cures?|cured|prevents?|prevented|protects? (you |people |us )?(from|against)|kills? (the )?(virus|coronavirus|bacteria|cancer)|linked to|responsible for|increases? the risk|reduces? the risk|boosts? (your )?immunity|makes? (you|people) (sick|ill|infertile))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Causal();

    [GeneratedRegex(@"\b(signed|agreed|announced|launched|visited|met|killed|attacked|voted|passed|approved|elected|won|lost|exchanged|finalized|finalised|held|offered|received|arrested|invaded|fired|released|sent|paid|opened|closed|banned|involved|sparked|drew|drawn|took place|happened)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EventVerb();

    [GeneratedRegex(@"[,”""]\s*[”""]?\s*(?<inverted>said|says|told)\b|\b(?<verb>said|says|told|stated|claimed|claims|criticized|criticised|described|describing|highlighted|emphasized|emphasised|asserted|argued|denied|warned|announced|insisted|accused|called|portrayed|praised|condemned|tweeted|wrote|posted|declared|alleged|concluded|promised|urged|threatened|according to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AttributionVerb();

    /// <summary>Ends in a passive auxiliary: "is accused", "was called", "are warned", "to be called".</summary>
    [GeneratedRegex(@"\b(is|was|were|are|be|been|being)\s+(\w+ly\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Passive();
}
