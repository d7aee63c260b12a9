using BenchmarkDotNet.Attributes;
using FactCheck.Analysis.Claims;

namespace FactCheck.Benchmarks;

/// <summary>
/// Claim extraction on the inputs that were quadratic (issue 14): "U.S. ", "Dr. " and "No. 5 " repeated to 25k…400k
/// characters. Linear means the time per character stays flat across sizes.
/// </summary>
[MemoryDiagnoser]
public class AdversarialBenchmarks
{
    ClaimExtractor extractor = null!;
    string text = "";

    [Params("U.S. ", "Dr. ", "No. 5 ")]
    public string Unit { get; set; } = "";

    [Params(25_000, 100_000, 400_000)]
    public int Characters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        extractor = ClaimExtractor.CreateDefault();
        text = string.Concat(Enumerable.Repeat(Unit, Characters / Unit.Length + 1))[..Characters];
    }

    [Benchmark]
    public int Extract() => extractor.Analyze(text, 3).Claims.Count;
}
