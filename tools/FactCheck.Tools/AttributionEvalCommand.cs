using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Claims;

namespace FactCheck.Tools;

/// <summary>
/// Speaker attribution and claim type on real fact-checked claims: AVeriTeC train (CC BY-NC 4.0, measured on,
/// never trained on). The labelled set is built from the annotators' own fields, not by us:
/// <list type="bullet">
/// <item>attributed: claims with a reporting verb ("said", "claimed", "stated", "tweeted", …) whose annotated
/// speaker's surname appears in the claim; the gold speaker is that annotation;</item>
/// <item>unattributed: claims with no reporting verb, no quotation mark and no "according to"; gold: no speaker;</item>
/// <item>types: claims annotated with one type only; Numerical Claim should come out statistic (or comparison),
/// Quote Verification quote, and every fact-checked claim checkable (not prediction, opinion, question or non-claim).</item>
/// </list>
/// Prints precision and recall of speakers, per-type agreement, and the misses.
/// </summary>
public static partial class AttributionEvalCommand
{
    [GeneratedRegex(@"\b(said|says|say|claimed|claims|claim|stated|states|told|tweeted|wrote|posted|declared|announced|alleged|argued|insisted|suggested|asserted|called|warned|accused|urged|threatened|promised|denied|condemned|criticised|criticized|praised|described|admitted|revealed|concluded)\b")]
    private static partial Regex ReportingVerb();

    public static int Run(string path, int show)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var rows = JsonDocument.Parse(stream).RootElement.EnumerateArray().Select(e => (
            Claim: e.GetProperty("claim").GetString()!.Trim(),
            Speaker: e.TryGetProperty("speaker", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()!.Trim() : "",
            Types: e.TryGetProperty("claim_types", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [])).ToList();
        var extractor = ClaimExtractor.CreateDefault();
        var inv = CultureInfo.InvariantCulture;

        string Surname(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var attributed = rows.Where(r => r.Speaker.Length > 1 && ReportingVerb().IsMatch(r.Claim) && Surname(r.Speaker).Length > 1
            && r.Claim.Contains(Surname(r.Speaker), StringComparison.Ordinal)).ToList();
        var unattributed = rows.Where(r => !ReportingVerb().IsMatch(r.Claim) && !r.Claim.Contains("according to", StringComparison.OrdinalIgnoreCase)
            && r.Claim.IndexOfAny(['"', '“', '”']) < 0).ToList();

        var correct = 0; var wrong = 0; var missed = 0; var spurious = 0;
        var misses = new List<string>();
        foreach (var r in attributed)
        {
            var got = extractor.AnalyzeWhole(r.Claim, 0).Speaker;
            if (got is null) { missed++; misses.Add($"missed   | {r.Speaker} | {r.Claim}"); }
            else if (got.Contains(Surname(r.Speaker), StringComparison.OrdinalIgnoreCase) || r.Speaker.Contains(Surname(got), StringComparison.OrdinalIgnoreCase)) correct++;
            else { wrong++; misses.Add($"wrong    | {r.Speaker} | got {got} | {r.Claim}"); }
        }
        foreach (var r in unattributed)
        {
            var got = extractor.AnalyzeWhole(r.Claim, 0).Speaker;
            if (got is not null) { spurious++; misses.Add($"spurious | got {got} | {r.Claim}"); }
        }
        var predicted = correct + wrong + spurious;
        Console.WriteLine(string.Create(inv, $"AVeriTeC train: {rows.Count} claims; attributed {attributed.Count}, unattributed {unattributed.Count}"));
        Console.WriteLine(string.Create(inv,
            $"speaker: recall {(double)correct / attributed.Count:F3} ({correct} of {attributed.Count} right; {wrong} wrong, {missed} missed); precision {(predicted == 0 ? 0 : (double)correct / predicted):F3} ({spurious} spurious on {unattributed.Count} unattributed claims)"));

        var single = rows.Where(r => r.Types.Count == 1).ToList();
        var checkable = 0;
        var byType = new Dictionary<string, (int N, int Agree)>();
        var typeMisses = new List<string>();
        // One analysis per claim, shared by the checkable count and the per-type agreement.
        var typeOf = rows.Select(r => r.Claim).Distinct(StringComparer.Ordinal).ToDictionary(c => c, c => extractor.AnalyzeWhole(c, 0).Type, StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var type = typeOf[r.Claim];
            if (type is not (ClaimType.Prediction or ClaimType.Opinion or ClaimType.Question or ClaimType.NonClaim)) checkable++;
            else typeMisses.Add($"{type,-10} | {string.Join("+", r.Types)} | {r.Claim}");
        }
        foreach (var r in single)
        {
            var type = typeOf[r.Claim];
            var agree = r.Types[0] switch
            {
                "Numerical Claim" => type is ClaimType.Statistic or ClaimType.Comparison,
                "Quote Verification" => type is ClaimType.Quote,
                "Causal Claim" => type is ClaimType.Causal,
                "Event/Property Claim" => type is ClaimType.Event or ClaimType.Factual or ClaimType.Statistic or ClaimType.Comparison or ClaimType.Quote or ClaimType.Causal,
                "Position Statement" => type is ClaimType.Quote or ClaimType.Opinion or ClaimType.Factual,
                _ => false,
            };
            var (n, a) = byType.GetValueOrDefault(r.Types[0]);
            byType[r.Types[0]] = (n + 1, a + (agree ? 1 : 0));
        }
        Console.WriteLine(string.Create(inv, $"type: checkable {checkable} of {rows.Count} = {(double)checkable / rows.Count:F3} (every one was fact-checked)"));
        foreach (var (name, (n, a)) in byType.OrderByDescending(kv => kv.Value.N))
            Console.WriteLine(string.Create(inv, $"  {name} (single-type claims): {a} of {n} = {(double)a / n:F3} typed as expected"));
        foreach (var line in misses.Take(show)) Console.WriteLine("  " + line);
        foreach (var line in typeMisses.Take(show)) Console.WriteLine("  not checkable: " + line);
        return 0;
    }
}
