using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text;
using FactCheck.Analysis.Text;

namespace FactCheck.Benchmarks;

/// <summary>
/// FactCheck's segmenter against npm peers, in one run: the 48 golden rules, and throughput on the same
/// ~1 MB of CLEF debate text (best of several runs each), with our throughput as a multiple of theirs.
/// </summary>
public static class SegmentCompareCommand
{
    sealed record PeerResult(string Name, int Passed, int Total, long Bytes, double Ms, int Sentences);

    sealed record GoldenRule(int Rule, string Input, string[] Expected);

    public static int Run(string rulesPath)
    {
        var corpus = Corpora.DebateMegabyte();
        var corpusPath = Path.GetFullPath(Path.Combine(".data", "bench", "debate-1mb.txt"));
        Directory.CreateDirectory(Path.GetDirectoryName(corpusPath)!);
        File.WriteAllText(corpusPath, corpus, new UTF8Encoding(false));
        var bytes = Encoding.UTF8.GetByteCount(corpus);

        var rules = JsonSerializer.Deserialize<List<GoldenRule>>(File.ReadAllText(rulesPath), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        var passed = rules.Count(r => SentenceSegmenter.Split(r.Input).Select(s => s.Slice(r.Input).Trim()).SequenceEqual(r.Expected));
        SentenceSegmenter.Split(corpus);
        var best = double.MaxValue;
        var count = 0;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            count = SentenceSegmenter.Split(corpus).Count;
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        var results = new List<PeerResult> { new("FactCheck SentenceSegmenter", passed, rules.Count, bytes, best, count) };

        var node = Process.Start(new ProcessStartInfo("node", [Path.Combine("tools", "peers", "segment.mjs"), Path.GetFullPath(rulesPath), corpusPath])
        {
            RedirectStandardOutput = true,
        })!;
        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        if (node.ExitCode != 0) throw new InvalidOperationException("the npm peers failed; run scripts/compare-segmenters.sh");
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        results.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<PeerResult>(l, web)!));

        var ours = results[0];
        var mbps = (PeerResult r) => r.Bytes / 1e6 / (r.Ms / 1000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Corpus: {bytes:N0} bytes of CLEF 2019 debate text ({corpusPath})"));
        Console.WriteLine("| segmenter | golden rules | MB/s | sentences | FactCheck speed-up |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Passed}/{r.Total} | {mbps(r):F1} | {r.Sentences:N0} | {(r == ours ? "1.0" : (mbps(ours) / mbps(r)).ToString("F1", CultureInfo.InvariantCulture))}x |"));
        return 0;
    }
}
