using BenchmarkDotNet.Attributes;
using FactCheck.Analysis.Embeddings;

namespace FactCheck.Benchmarks;

/// <summary>
/// The vectors an article's claims are stored with (matching), as the POST computes them: the 45 claims of the speed
/// test's 1,000-word article, by the package's encoder and by the same graph run directly with the package's
/// tokenisation redone (<see cref="OnnxSentenceEmbedder.ForStoredVectors"/>; the same vectors: StoredVectorsCommand).
/// </summary>
[MemoryDiagnoser]
public class StoredVectorBenchmarks
{
    MiniLmEmbedder package = null!;
    OnnxSentenceEmbedder direct = null!;
    List<string> claims = null!;

    [GlobalSetup]
    public void Setup()
    {
        package = new MiniLmEmbedder();
        direct = OnnxSentenceEmbedder.ForStoredVectors();
        claims = [.. VerdictPipelineBenchmarks.SpeedArticle().Select(c => c.Text)];
        package.Embed(claims);
        direct.Embed(claims);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        package.Dispose();
        direct.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float[][] PackageEncoder() => package.Embed(claims);

    [Benchmark]
    public float[][] DirectWithPackageTokens() => direct.Embed(claims);
}
