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
