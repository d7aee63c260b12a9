using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence;
using FactCheck.Analysis.Evidence.Pipeline;

namespace FactCheck.Benchmarks;

/// <summary>
/// The verdict pipeline on the speed test's article (<c>verify speed</c>): about 1,000 words of Climate-FEVER claims, each
/// citing the same three pasted sources built from their evidence sentences (about 2,000 words each), decided in one
/// call as the verification worker does (the shipped cross-encoder, the int8 passage embedder, both cores). No
/// database, no extraction: what the worker spends between reading the article and writing its verdicts.
/// </summary>
[MemoryDiagnoser]
public class VerdictPipelineBenchmarks
{
    VerdictPipeline pipeline = null!;
    CrossEncoder model = null!;
    OnnxSentenceEmbedder embedder = null!;
    List<PipelineClaim> claims = [];

    [GlobalSetup]
    public void Setup()
    {
        model = CrossEncoder.LoadEmbedded() ?? throw new InvalidOperationException("no cross-encoder embedded");
        embedder = new OnnxSentenceEmbedder();
        pipeline = new VerdictPipeline(new CrossEncoderReader(model, 2), texts => embedder.Embed(texts), PolicySettings.LoadEmbedded());
        claims = SpeedArticle();
        pipeline.Decide(claims);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        model.Dispose();
        embedder.Dispose();
    }

    [Benchmark]
    public int ThousandWordArticle() => pipeline.Decide(claims).Count;

    /// <summary>The claims of the speed test's first article, each citing its three sources.</summary>
    public static List<PipelineClaim> SpeedArticle()
    {
        var path = Corpora.FindShared("verification", "climate-fever-dev.jsonl")
            ?? throw new InvalidOperationException("../shared/data/verification/climate-fever-dev.jsonl is needed for this benchmark");
        var texts = new List<string>();
        var sources = new[] { new StringBuilder(), new StringBuilder(), new StringBuilder() };
        var words = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (words >= 1000) break;
            var row = JsonDocument.Parse(line).RootElement;
            var claim = row.GetProperty("claim").GetString()!.Trim();
            texts.Add(claim.EndsWith('.') ? claim : claim + ".");
            words += claim.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            foreach (var (e, j) in row.GetProperty("evidences").EnumerateArray().Select((e, j) => (e, j)))
                sources[(texts.Count - 1 + j) % 3].Append(e.GetProperty("evidence").GetString()!.Trim()).Append(' ');
        }
        var cited = sources.Select((s, i) => new PipelineSource($"Source {i + 1}", s.ToString(), [])).ToList();
        return [.. texts.Select(t => new PipelineClaim(t, Checkability.Checkable, cited))];
    }
}
