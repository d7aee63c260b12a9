using System.Globalization;

namespace FactCheck.Tools;

/// <summary>One claim's outcome: the gold label, the automatic verdict, its confidence.</summary>
public sealed record VerdictOutcome(string Gold, string Predicted, double? Confidence)
{
    /// <summary>Three classes: supported, refuted, and no decision (not enough evidence or conflicting).</summary>
    public static string Decision(string label) => label is "supported" or "refuted" ? label : "no_decision";

    public bool RightThreeWay => Decision(Gold) == Decision(Predicted);
}

/// <summary>
/// The figures issue 28 asks of every verdict set: accuracy over supported / refuted / no decision, the precision of
/// each decided label, the AUROC of the confidence for "this verdict is right", accuracy of the most confident half,
/// and a reliability table.
/// </summary>
public static class VerdictMetrics
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The probability that a right verdict has a higher confidence than a wrong one (ties count half).</summary>
    public static double Auroc(IReadOnlyList<(double Score, bool Positive)> rows)
    {
        var positives = rows.Where(r => r.Positive).Select(r => r.Score).ToList();
        var negatives = rows.Where(r => !r.Positive).Select(r => r.Score).ToList();
        if (positives.Count == 0 || negatives.Count == 0) return double.NaN;
        // Rank-sum (Mann-Whitney U) with average ranks for ties.
        var all = rows.Select((r, i) => (r.Score, r.Positive)).OrderBy(r => r.Score).ToList();
        var ranks = new double[all.Count];
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j + 1 < all.Count && all[j + 1].Score == all[i].Score) j++;
            for (var k = i; k <= j; k++) ranks[k] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        var sum = all.Select((r, i) => r.Positive ? ranks[i] : 0).Sum();
        return (sum - positives.Count * (positives.Count + 1) / 2.0) / ((double)positives.Count * negatives.Count);
    }

    /// <summary>Accuracy of the <paramref name="coverage"/> share of verdicts with the highest confidence.</summary>
    public static double AccuracyAtCoverage(IReadOnlyList<VerdictOutcome> outcomes, double coverage)
    {
        var top = outcomes.Where(o => o.Confidence is not null).OrderByDescending(o => o.Confidence!.Value)
            .Take((int)Math.Ceiling(outcomes.Count * coverage)).ToList();
        return top.Count == 0 ? double.NaN : top.Count(o => o.RightThreeWay) / (double)top.Count;
    }

    public static double Precision(IReadOnlyList<VerdictOutcome> outcomes, string label)
    {
        var predicted = outcomes.Where(o => o.Predicted == label).ToList();
        return predicted.Count == 0 ? double.NaN : predicted.Count(o => o.Gold == label) / (double)predicted.Count;
    }

    /// <summary>Prints the figures; returns the three-way accuracy.</summary>
    public static double Report(string name, IReadOnlyList<VerdictOutcome> outcomes, TextWriter output)
    {
        var n = outcomes.Count;
        var three = outcomes.Count(o => o.RightThreeWay) / (double)n;
        var four = outcomes.Count(o => o.Gold == o.Predicted) / (double)n;
        output.WriteLine(string.Create(Inv, $"{name}: {n} claims"));
        output.WriteLine(string.Create(Inv, $"accuracy over supported / refuted / no decision {three:F4}; strict four labels {four:F4}"));
        output.WriteLine(string.Create(Inv, $"precision of supported {Precision(outcomes, "supported"):F4} ({outcomes.Count(o => o.Predicted == "supported")} verdicts), of refuted {Precision(outcomes, "refuted"):F4} ({outcomes.Count(o => o.Predicted == "refuted")} verdicts)"));
        var scored = outcomes.Where(o => o.Confidence is not null).Select(o => (o.Confidence!.Value, o.RightThreeWay)).ToList();
        output.WriteLine(string.Create(Inv, $"confidence AUROC for 'this verdict is right' {Auroc(scored):F4}; accuracy of the most confident half {AccuracyAtCoverage(outcomes, 0.5):F4}"));
        var always = outcomes.GroupBy(o => VerdictOutcome.Decision(o.Gold)).MaxBy(g => g.Count())!;
        output.WriteLine(string.Create(Inv, $"majority decision ({always.Key}) {always.Count() / (double)n:F4}"));
        output.WriteLine("confusion (gold -> predicted):");
        foreach (var g in outcomes.GroupBy(o => o.Gold).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {g.Key,-20} " + string.Join(", ", g.GroupBy(o => o.Predicted).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Count()}")));
        output.WriteLine("reliability: confidence bin, verdicts, mean confidence, right (three-way)");
        var ece = 0.0;
        var withConfidence = outcomes.Where(o => o.Confidence is not null).ToList();
        foreach (var bin in withConfidence.GroupBy(o => Math.Min(9, (int)(o.Confidence!.Value * 10))).OrderBy(b => b.Key))
        {
            var mean = bin.Average(o => o.Confidence!.Value);
            var right = bin.Count(o => o.RightThreeWay) / (double)bin.Count();
            ece += bin.Count() / (double)withConfidence.Count * Math.Abs(mean - right);
            output.WriteLine(string.Create(Inv, $"  {bin.Key / 10.0:F1}-{(bin.Key + 1) / 10.0:F1}  {bin.Count(),4}  {mean:F3}  {right:F3}"));
        }
        output.WriteLine(string.Create(Inv, $"expected calibration error {ece:F4}"));
        return three;
    }
}
