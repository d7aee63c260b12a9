namespace FactCheck.Analysis.Claims;

/// <summary>What kind of statement a sentence or clause makes; drives how it can be checked.</summary>
public enum ClaimType
{
    /// <summary>A factual statement that fits none of the narrower kinds.</summary>
    Factual,
    /// <summary>A number, amount, percentage or ranking.</summary>
    Statistic,
    /// <summary>Words attributed to a person or organisation ("X said ...").</summary>
    Quote,
    /// <summary>Something that happened: a signing, a visit, a meeting.</summary>
    Event,
    /// <summary>One thing caused another.</summary>
    Causal,
    /// <summary>More, less, strongest, first ever.</summary>
    Comparison,
    /// <summary>About the future: not checkable yet.</summary>
    Prediction,
    /// <summary>A value judgement: not checkable as fact.</summary>
    Opinion,
    /// <summary>A question: asserts nothing.</summary>
    Question,
    /// <summary>Not a claim: greetings, headings, source lists, boilerplate.</summary>
    NonClaim,
}
