using BenchmarkDotNet.Attributes;
using FactCheck.Analysis.Evidence;

namespace FactCheck.Benchmarks;

/// <summary>
/// The stance cross-encoder on one core (ONNX Runtime with one intra-op thread; int8, one pair per run): 32 claim–passage pairs of news and
/// encyclopaedia length, as the verifier batches them. Pairs per second = 32 / the mean.
/// </summary>
[MemoryDiagnoser]
public class CrossEncoderBenchmarks
{
    CrossEncoder model = null!;
    List<(string, string)> pairs = [];

    [GlobalSetup]
    public void Setup()
    {
        model = CrossEncoder.LoadEmbedded(threads: 1) ?? throw new InvalidOperationException("no cross-encoder embedded");
        pairs = [.. Enumerable.Range(0, 32).Select(i => (
            $"Bus ridership in region {i} fell by {i % 13 + 2}% last year, the transit authority said.",
            $"The transit authority's annual report says ridership in region {i} fell {i % 11 + 3} percent in the year to June, " +
            "the steepest fall since the pandemic, as fares rose and two lines were closed for repairs."))];
        model.Predict(pairs);
    }

    [GlobalCleanup]
    public void Cleanup() => model.Dispose();

    [Benchmark(OperationsPerInvoke = 32)]
    public int PairsOnOneCore() => model.Predict(pairs).Length;
}

/// <summary>
/// Verification's passage embedder on one core: 64 sentences of news length (the candidates of a few claims), the
/// shipped int8 graph (one text per run) against the package's float graph (batched by length). Texts per second =
/// 64 / the mean.
/// </summary>
[MemoryDiagnoser]
public class PassageEmbedderBenchmarks
{
    FactCheck.Analysis.Embeddings.OnnxSentenceEmbedder int8 = null!, precise = null!;
    string[] texts = [];

    [GlobalSetup]
    public void Setup()
    {
        int8 = new(threads: 1);
        precise = new(threads: 1, precise: true);
        texts = [.. Enumerable.Range(0, 64).Select(i => i % 2 == 0
            ? $"Bus ridership in region {i} fell by {i % 13 + 2}% last year, the transit authority said."
            : $"The transit authority's annual report says ridership in region {i} fell {i % 11 + 3} percent in the year to June, " +
              "the steepest fall since the pandemic, as fares rose and two lines were closed for repairs.")];
        int8.Embed(texts);
        precise.Embed(texts);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        int8.Dispose();
        precise.Dispose();
    }

    [Benchmark(OperationsPerInvoke = 64)]
    public int Int8TextsOnOneCore() => int8.Embed(texts).Length;

    [Benchmark(OperationsPerInvoke = 64, Baseline = true)]
    public int FloatTextsOnOneCore() => precise.Embed(texts).Length;
}
