namespace FactCheck.Tools;

/// <summary>Climate-FEVER's labels in our verdict vocabulary, and the claim-level metrics both verify commands report.</summary>
public static class ClimateFever
{
    public static readonly Dictionary<string, string> ClaimLabels = new()
    {
        ["SUPPORTS"] = "supported", ["REFUTES"] = "refuted", ["NOT_ENOUGH_INFO"] = "not_enough_evidence", ["DISPUTED"] = "conflicting",
    };

    /// <summary>The classes macro-F1 is taken over (DISPUTED/conflicting counts in accuracy only).</summary>
    public static readonly string[] ScoredClasses = ["supported", "refuted", "not_enough_evidence"];

    /// <summary>F1 of each scored class, in the order of <see cref="ScoredClasses"/>.</summary>
    public static List<double> F1s(IReadOnlyList<string> gold, IReadOnlyList<string> predicted) =>
        ScoredClasses.Select(c =>
        {
            var tp = gold.Where((g, i) => g == c && predicted[i] == c).Count();
            var fp = gold.Where((g, i) => g != c && predicted[i] == c).Count();
            var fn = gold.Where((g, i) => g == c && predicted[i] != c).Count();
            var p = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
            var r = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }).ToList();
}
