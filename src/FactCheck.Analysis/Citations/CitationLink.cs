namespace FactCheck.Analysis.Citations;

/// <summary>How a claim came to be linked to a source.</summary>
public enum CitationKind
{
    /// <summary>A marker in the text names the source: "[2]", "(Source 3)", "according to Source 1".</summary>
    Explicit,
    /// <summary>A link inside the sentence points at the source.</summary>
    InlineLink,
    /// <summary>The article lists the source without tying it to a sentence: a candidate for every claim.</summary>
    ArticleLevel,
    /// <summary>Evidence found in the source bears on the claim.</summary>
    EvidenceMatch,
    /// <summary>A fact-checker attached it.</summary>
    Manual,
}

/// <summary>A claim's link to one of the article's sources, by the source's position in the list.</summary>
/// <param name="SourceIndex">Zero-based index into the article's sources.</param>
/// <param name="MarkerSpan">Where the marker stands in the text, when there is one.</param>
public sealed record CitationLink(int SourceIndex, CitationKind Kind, Text.TextSpan? MarkerSpan = null);
