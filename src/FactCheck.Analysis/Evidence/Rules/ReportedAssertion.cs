using System.Text.RegularExpressions;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>
/// A passage that only reports someone's assertion, or calls the matter open, does not make the claim a fact: "U.S.
/// officials have accused North Korea of sending Russia ballistic missiles" against "North Korea has shipped ballistic
/// missiles to Russia"; "claimed without evidence", "according to unverified posts", "an indictment charges him with
/// accepting kickbacks", "it is too early to say whether", "could represent a new species". The sentence of the passage
/// that says most of what the claim says is read; when it attributes or hedges, the model's support becomes neutral.
/// A claim that itself reports the assertion or keeps the hedge ("Prosecutors have charged …", "Economists expect …",
/// "X said …") is left to the model.
/// </summary>
public sealed partial class ReportedAssertion : IStanceRule
{
    public string Name => "reported-assertion";

    public RuleOutcome? Apply(RuleInput input)
    {
        if (input.Probabilities.Supports <= 0.05 || ClaimReports().IsMatch(input.Claim)) return null;
        var sentence = Deciding(input.Claim, input.Passage);
        var m = Asserted().Match(sentence);
        return m.Success
            ? new RuleOutcome(RuleProbabilities.SupportToNeutral(input.Probabilities), $"the source only reports an assertion or calls it open ('{m.Value.Trim()}')")
            : null;
    }

    /// <summary>The sentence of the passage sharing most content words with the claim.</summary>
    public static string Deciding(string claim, string passage)
    {
        var sentences = SentenceSegmenter.Split(passage);
        if (sentences.Count <= 1) return passage;
        var terms = EvidenceRanker.Terms(claim).ToHashSet(StringComparer.Ordinal);
        return sentences.Select(s => s.Slice(passage)).MaxBy(s => EvidenceRanker.Terms(s).Distinct().Count(terms.Contains))!;
    }

    // Attribution to an accuser or an interested party, unverified or open matters.
    // Non-backtracking: the bounded word gaps ("claimed … without evidence") must stay linear on long passages.
    static readonly Regex AssertedPattern = new(@"\b(alleg(?:e|es|ed|edly|ation|ations)|accus(?:e|es|ed|ing|ation|ations)|claim(?:s|ed)?\s+(?:that\s+)?(?:\w+\s+){0,8}?without\s+(?:offering\s+|providing\s+|giving\s+)?(?:any\s+)?evidence|without\s+(?:offering\s+|providing\s+)?evidence|claimed\s+responsibility|(?:indictment|prosecutors?|charges?)\b(?:\W+\w+){0,6}?\W+(?:charg\w+|accus\w+)|charged\s+with|(?:has|have)\s+(?:repeatedly\s+)?told\s+(?:voters|supporters|reporters)|a\s+former\s+(?:aide|employee|official|adviser)\s+(?:told|said)|unverified|unconfirmed|could\s+not\s+be\s+(?:independently\s+)?(?:verified|confirmed)|has\s+not\s+been\s+(?:independently\s+)?(?:verified|confirmed)|too\s+(?:early|soon)\s+to\s+(?:say|tell|know|judge|determine)|unproven|remains?\s+unclear|not\s+yet\s+known|no\s+decision\s+(?:has|had)\s+(?:yet\s+)?been\s+(?:made|taken)|one\s+possible\s+(?:cause|source|explanation)|could\s+(?:represent|be|have\s+been)|may\s+have\s+been|might\s+have\s+been|rumou?r(?:s|ed)?)\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);

    static Regex Asserted() => AssertedPattern;

    // A claim that is itself about the assertion, or keeps the hedge.
    [GeneratedRegex(@"\b(said|says|say|told|claim(?:s|ed)?|alleg\w*|accus\w*|charg(?:e|es|ed)|according\s+to|expects?|expected|could|may|might|hopes?|plans?|forecasts?|believes?|denies|denied|called)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex ClaimReports();
}
