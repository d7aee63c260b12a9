namespace FactCheck.Tools;

/// <summary>Ranking measures of the CheckThat! lab: average precision, R-precision, precision at k.</summary>
public static class Ranking
{
    /// <summary>Relevance labels in ranked order (best first).</summary>
    public static double AveragePrecision(IReadOnlyList<bool> ranked)
    {
        var relevant = ranked.Count(r => r);
        if (relevant == 0) return 0;
        double sum = 0;
        var hits = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            if (!ranked[i]) continue;
            hits++;
            sum += hits / (double)(i + 1);
        }
        return sum / relevant;
    }

    public static double RPrecision(IReadOnlyList<bool> ranked)
    {
        var relevant = ranked.Count(r => r);
        return relevant == 0 ? 0 : ranked.Take(relevant).Count(r => r) / (double)relevant;
    }

    public static double PrecisionAt(IReadOnlyList<bool> ranked, int k) => ranked.Take(k).Count(r => r) / (double)k;

    /// <summary>Average precision at k of a ranking with one relevant item (CheckThat! Task 2's MAP@5 per query).</summary>
    public static double AveragePrecisionAt(string gold, IReadOnlyList<string?> ranking, int k)
    {
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
            if (ranking[i] == gold) return 1.0 / (i + 1);
        return 0;
    }
}
