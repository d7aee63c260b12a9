using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactCheck.Analysis.Evidence.Pipeline;

/// <summary>
/// The thresholds of the verdict, chosen by cross-validation on the development sets (`verify pipeline --choose`):
/// a claim is supported only when a source's calibrated support reaches <see cref="Support"/>, refuted when a source's
/// refutation reaches <see cref="Refute"/>; below both it is not enough evidence, with the side a source gives at least
/// <see cref="Lean"/> kept as the lean. The confidence is mapped to the chance the verdict is right by a logistic fit on
/// out-of-fold verdicts (<see cref="Slope"/>, <see cref="Intercept"/> on the logit of the raw confidence), one map per
/// verdict where <see cref="Maps"/> has one: a refutation and a support of the same strength are not right equally often.
/// </summary>
public sealed record PolicySettings(double Support = 0.7, double Refute = 0.7, double Lean = 0.3, double Slope = 1, double Intercept = 0,
    string? Model = null, JsonElement? Provenance = null, IReadOnlyDictionary<string, ConfidenceMap>? Maps = null)
{
    /// <summary>The confidence map of a verdict: its own where one was fitted, else the shared one.</summary>
    public ConfidenceMap MapOf(VerdictLabel label) =>
        Maps is not null && Maps.TryGetValue(ConfidenceMap.Key(label), out var map) ? map : new ConfidenceMap(Slope, Intercept);

    public const string Resource = "FactCheck.Analysis.Evidence.Models.verdict-policy.json";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The settings embedded beside the cross-encoder, or the defaults when none are.</summary>
    public static PolicySettings LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource);
        return stream is null ? new PolicySettings() : JsonSerializer.Deserialize<PolicySettings>(stream, Json) ?? new PolicySettings();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PolicySettings FromJson(string json) => JsonSerializer.Deserialize<PolicySettings>(json, Json) ?? new PolicySettings();

    /// <summary>A short description for the engine version ("s0.70-r0.70").</summary>
    public string Tag => string.Create(CultureInfo.InvariantCulture, $"s{Support:F2}-r{Refute:F2}");
}

/// <summary>The logistic map from a verdict's raw confidence to the chance it is right: slope and intercept on the logit.</summary>
public sealed record ConfidenceMap(double Slope, double Intercept)
{
    /// <summary>The verdict's name as the API gives it ("not_enough_evidence"), the key of <see cref="PolicySettings.Maps"/>.</summary>
    public static string Key(VerdictLabel label) => label switch
    {
        VerdictLabel.Supported => "supported",
        VerdictLabel.Refuted => "refuted",
        VerdictLabel.Conflicting => "conflicting",
        VerdictLabel.NotEnoughEvidence => "not_enough_evidence",
        _ => "not_checkable",
    };

    /// <summary>
    /// The map fitted to verdicts: X the logit of the raw confidence, Y 1 when the verdict was right, W its weight. Weighted
    /// logistic regression of Y on X: Newton steps, each halved until the loss falls, with a ridge of 1% of the
    /// rows' weight pulling the map toward the identity (slope 1, intercept 0), so that a verdict whose right and wrong
    /// answers nearly separate does not run off to a huge slope. A slope below zero (a stronger reading right less often,
    /// as the support of the pooled sets is) is not kept: the map is then flat, the verdict's rate of being right, so that a
    /// stronger reading never lowers the confidence.
    /// </summary>
    public static ConfidenceMap Fit(IReadOnlyList<(double X, double Y, double W)> rows)
    {
        var map = Newton(rows, flat: false);
        return map.Slope < 0 ? Newton(rows, flat: true) : map;
    }

    static ConfidenceMap Newton(IReadOnlyList<(double X, double Y, double W)> rows, bool flat)
    {
        var ridge = 0.01 * rows.Sum(r => r.W);
        double Loss(double a, double b) => ridge * ((a - 1) * (a - 1) + b * b) / 2 + rows.Sum(r =>
        {
            var z = a * r.X + b;
            return r.W * (Math.Max(z, 0) - r.Y * z + Math.Log(1 + Math.Exp(-Math.Abs(z))));
        });
        // A flat map keeps its slope at 0 (its steps move the intercept alone).
        double sa = flat ? 0 : 1, sb = 0;
        for (var iteration = 0; iteration < 50; iteration++)
        {
            double ga = ridge * (sa - 1), gb = ridge * sb, haa = ridge, hab = 0, hbb = ridge;
            foreach (var (x, y, weight) in rows)
            {
                var p = 1 / (1 + Math.Exp(-(sa * x + sb)));
                ga += weight * (p - y) * x; gb += weight * (p - y);
                var w = weight * p * (1 - p);
                haa += w * x * x; hab += w * x; hbb += w;
            }
            var det = haa * hbb - hab * hab;
            var (da, db) = flat ? (0.0, gb / hbb) : ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
            var before = Loss(sa, sb);
            var step = 1.0;
            while (step > 1e-4 && Loss(sa - step * da, sb - step * db) > before) step /= 2;
            if (step <= 1e-4) break;
            (sa, sb) = (sa - step * da, sb - step * db);
            if (Math.Abs(step * da) + Math.Abs(step * db) < 1e-9) break;
        }
        return new ConfidenceMap(Math.Round(sa, 4), Math.Round(sb, 4));
    }
}

/// <summary>One source's reading of a claim, as the verdict sees it.</summary>
/// <param name="Label">How readers know the source ("Source 2").</param>
/// <param name="Probabilities">After the rules: calibrated support, refutation, neutral.</param>
/// <param name="Note">Why the source's support or refutation was set aside, if it was (a rule's reason).</param>
/// <param name="Leaning">The reading the lean is taken from, when a rule set the source's support aside without contradicting
/// it (a missing item, a reported assertion): the source still leans that way. Null: <paramref name="Probabilities"/>.</param>
public sealed record PolicyInput(string Label, StanceProbabilities Probabilities, string? Note = null, StanceProbabilities? Leaning = null)
{
    public StanceProbabilities Lean => Leaning ?? Probabilities;
}

/// <summary>
/// Decides a claim from its sources' readings: decide only when decisive. Pure.
/// </summary>
public static class VerdictPolicy
{
    public static AggregateVerdict Decide(IReadOnlyList<PolicyInput> sources, int unavailableSources, Checkability checkability, PolicySettings settings)
    {
        var unavailable = unavailableSources > 0 ? $" {unavailableSources} cited source(s) could not be fetched and were not counted." : "";
        AggregateVerdict verdict;
        if (sources.Count == 0)
            // Nothing to go on: "not enough evidence" is all that can be said, and it says little.
            verdict = new(VerdictLabel.NotEnoughEvidence, 0.2, "No fetched source to check against." + unavailable, DecidedBy: []);
        else
        {
            var support = sources.Select((s, i) => (s, i)).MaxBy(x => x.s.Probabilities.Supports);
            var refute = sources.Select((s, i) => (s, i)).MaxBy(x => x.s.Probabilities.Refutes);
            var maxS = support.s.Probabilities.Supports;
            var maxR = refute.s.Probabilities.Refutes;
            var supporting = sources.Select((s, i) => (s, i)).Where(x => x.s.Probabilities.Supports >= settings.Support).Select(x => x.i).ToList();
            var refuting = sources.Select((s, i) => (s, i)).Where(x => x.s.Probabilities.Refutes >= settings.Refute).Select(x => x.i).ToList();
            string Names(List<int> which) => string.Join(", ", which.Select(i => sources[i].Label));
            static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
            if (supporting.Count > 0 && refuting.Count > 0 && supporting.Except(refuting).Any() && refuting.Except(supporting).Any())
                verdict = new(VerdictLabel.Conflicting, Calibrated(Math.Min(maxS, maxR), settings, VerdictLabel.Conflicting),
                    $"The sources disagree: {Names(supporting)} support the claim (up to {F(maxS)}), {Names(refuting)} contradict it (up to {F(maxR)}).",
                    DecidedBy: [.. supporting.Concat(refuting).Distinct()]);
            else if (refuting.Count > 0 && (supporting.Count == 0 || maxR >= maxS))
                verdict = new(VerdictLabel.Refuted, Calibrated(maxR, settings, VerdictLabel.Refuted),
                    $"Refuted: {Names(refuting)} contradict{(refuting.Count == 1 ? "s" : "")} the claim ({F(maxR)}){Why(sources[refute.i])}; none supports it decisively.",
                    DecidedBy: refuting);
            else if (supporting.Count > 0)
                verdict = new(VerdictLabel.Supported, Calibrated(maxS, settings, VerdictLabel.Supported),
                    $"Supported: {Names(supporting)} state{(supporting.Count == 1 ? "s" : "")} what the claim says ({F(maxS)}), every checkable item of it included; none contradicts it decisively.",
                    DecidedBy: supporting);
            else
            {
                // Not decisive either way: the lean is kept apart from the verdict, never as one. A source whose support a rule
                // set aside (a missing item, a reported assertion) still leans that way.
                var leanS = sources.Select((s, i) => (s, i)).MaxBy(x => x.s.Lean.Supports);
                var leanR = sources.Select((s, i) => (s, i)).MaxBy(x => x.s.Lean.Refutes);
                var (lS, lR) = (leanS.s.Lean.Supports, leanR.s.Lean.Refutes);
                VerdictLabel? lean = Math.Max(lS, lR) < settings.Lean ? null : lS >= lR ? VerdictLabel.Supported : VerdictLabel.Refuted;
                var strongest = lean == VerdictLabel.Refuted ? sources[leanR.i] : sources[leanS.i];
                var leaning = lean switch
                {
                    VerdictLabel.Supported when strongest.Lean.Supports > strongest.Probabilities.Supports =>
                        $" It leans supported: {strongest.Label} reads {F(lS)} for support, but {strongest.Note ?? "it does not settle the claim"}.",
                    VerdictLabel.Supported => $" It leans supported: {strongest.Label} reads {F(lS)} for support, below the {F(settings.Support)} a verdict needs{Why(strongest)}.",
                    VerdictLabel.Refuted => $" It leans refuted: {strongest.Label} reads {F(lR)} against, below the {F(settings.Refute)} a verdict needs{Why(strongest)}.",
                    _ => "",
                };
                var notes = sources.Where(s => s.Note is not null).Select(s => $"{s.Label}: {s.Note}").Distinct().Take(3).ToList();
                verdict = new(VerdictLabel.NotEnoughEvidence, Calibrated(1 - Math.Max(maxS, maxR), settings, VerdictLabel.NotEnoughEvidence),
                    $"Not enough evidence: none of {sources.Count} source(s) decides the claim.{leaning}" + (lean is null && notes.Count > 0 ? " " + string.Join("; ", notes) + "." : ""),
                    lean, DecidedBy: []);
            }
            verdict = verdict with { Rationale = verdict.Rationale + unavailable };
        }
        return VerdictAggregator.WithCheckability(verdict, checkability, unavailable);
    }

    static string Why(PolicyInput source) => source.Note is null ? "" : $" ({source.Note})";

    /// <summary>The raw confidence of a verdict mapped to the chance of being right (a logistic fit on out-of-fold verdicts).</summary>
    public static double Calibrated(double raw, PolicySettings settings, VerdictLabel label)
    {
        var p = Math.Clamp(raw, 1e-4, 1 - 1e-4);
        var map = settings.MapOf(label);
        var z = map.Slope * Math.Log(p / (1 - p)) + map.Intercept;
        return Math.Round(1 / (1 + Math.Exp(-z)), 3);
    }
}
