using System.Text.RegularExpressions;

namespace FactCheck.Analysis.Claims;

/// <summary>Decides the kind of statement a sentence or clause makes, and who makes it.</summary>
public static partial class ClaimTypes
{
    public static ClaimType Classify(string text, IReadOnlyList<NumberMention> numbers, string? speaker)
    {
        var trimmed = text.TrimEnd();
        if (trimmed.EndsWith('?')) return ClaimType.Question;
        // A forecast someone is reported to have made ("Mayor Ana Ruiz said the project will cost $4.5 million") is a
        // quote: that it was said, and what it says, can be checked against the sources.
        if (Prediction().IsMatch(text)) return speaker is not null ? ClaimType.Quote : ClaimType.Prediction;
        if (Opinion().IsMatch(text)) return ClaimType.Opinion;
        if (speaker is not null || QuoteMarks().IsMatch(text)) return ClaimType.Quote;
        if (numbers.Any(n => n.Kind is QuantityKind.Percent or QuantityKind.Money or QuantityKind.Measure || (n.Kind == QuantityKind.Count && n.Value > 2))) return ClaimType.Statistic;
        if (Comparison().IsMatch(text)) return ClaimType.Comparison;
        if (Causal().IsMatch(text)) return ClaimType.Causal;
        if (EventVerb().IsMatch(text)) return ClaimType.Event;
        return ClaimType.Factual;
    }

    /// <summary>
    /// The entity the text is attributed to: for the first attribution verb that has one, the nearest
    /// person or organisation before it ("Blinken criticised"), or after it ("according to the Kremlin", ", said Blinken").
    /// </summary>
    public static string? Speaker(string text, int offset, IReadOnlyList<EntityMention> entities)
    {
        var candidates = entities.Where(e => e.Kind is EntityKind.Person or EntityKind.Organization).ToList();
        if (candidates.Count == 0) return null;
        foreach (Match m in AttributionVerb().Matches(text))
        {
            var verbAt = offset + m.Index;
            var after = m.Value.StartsWith("according to", StringComparison.OrdinalIgnoreCase) || m.Groups["inverted"].Success;
            var pick = after
                ? candidates.Where(e => e.Span.Start > verbAt).OrderBy(e => e.Span.Start).FirstOrDefault()
                : candidates.Where(e => e.Span.End <= verbAt && verbAt - e.Span.End < 40).OrderByDescending(e => e.Span.End).FirstOrDefault();
            if (pick is not null) return pick.Name;
        }
        return null;
    }

    [GeneratedRegex(@"\b(will|shall|going to|is expected to|are expected to|is set to|are set to|plans? to|intends? to|next (year|month|week)|in the (coming|next) (years?|months?|weeks?|decades?)|by 20[3-9]\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Prediction();

    [GeneratedRegex(@"\b(I think|I believe|I feel|we believe|in my (view|opinion)|should|ought to|must be|it is (clear|obvious) that|beautiful|terrible|wonderful|disgrace(ful)?|great job|amazing|awful|shameful|outrageous|ridiculous)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Opinion();

    [GeneratedRegex(@"[""“”]")]
    private static partial Regex QuoteMarks();

    [GeneratedRegex(@"\b(more|less|fewer|most|least|higher|lower|larger|smaller|biggest|largest|lowest|highest|strongest|weakest|best|worst|first ever|ever|than|record|compared (to|with))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\b(because|due to|caused|causes|led to|leads to|result(ed)? in|as a result|thanks to|blamed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Causal();

    [GeneratedRegex(@"\b(signed|agreed|announced|launched|visited|met|killed|attacked|voted|passed|approved|elected|won|lost|exchanged|finalized|finalised|held|offered|received|arrested|invaded|fired|released|sent|paid|opened|closed|banned|involved|sparked|drew|drawn|took place|happened)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EventVerb();

    [GeneratedRegex(@"\b(said|says|told|stated|claimed|claims|criticized|criticised|described|describing|highlighted|emphasized|emphasised|asserted|argued|denied|warned|announced|insisted|accused|called|portrayed|praised|condemned|according to)\b|,\s*(?<inverted>said|says|told)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AttributionVerb();
}
