namespace FactCheck.Analysis.Matching;

/// <summary>Text prepared for claim matching.</summary>
public static partial class MatchText
{
    /// <summary>
    /// Text as people paste it from social media, made matchable: links and picture references go,
    /// hashtags become words ("#AustralianFires" → "Australian Fires"), runs of spaces collapse.
    /// </summary>
    public static string Normalize(string text)
    {
        var cleaned = Links().Replace(text, " ");
        cleaned = Hashtag().Replace(cleaned, m => CamelBoundary().Replace(m.Groups[1].Value, " "));
        cleaned = Spaces().Replace(cleaned, " ").Trim();
        return cleaned.Length == 0 ? text : cleaned;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(https?://\S+|pic\.twitter\.com/\S+|\bwww\.\S+)")]
    private static partial System.Text.RegularExpressions.Regex Links();

    [System.Text.RegularExpressions.GeneratedRegex(@"#(\w+)")]
    private static partial System.Text.RegularExpressions.Regex Hashtag();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")]
    private static partial System.Text.RegularExpressions.Regex CamelBoundary();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex Spaces();

}
