using BenchmarkDotNet.Attributes;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Benchmarks;

/// <summary>Segmentation alone and full claim extraction, on the sample article and on 1 MB of debate text.</summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    string sample = "";
    string thousandWords = "";
    string megabyte = "";
    ClaimExtractor extractor = null!;

    [GlobalSetup]
    public void Setup()
    {
        sample = Corpora.SampleArticle;
        thousandWords = Corpora.ThousandWordArticle;
        megabyte = Corpora.DebateMegabyte();
        extractor = ClaimExtractor.CreateDefault();
    }

    [Benchmark]
    public int SegmentSample() => SentenceSegmenter.Split(sample).Count;

    [Benchmark]
    public int SegmentMegabyte() => SentenceSegmenter.Split(megabyte).Count;

    [Benchmark]
    public int ExtractSample() => extractor.Analyze(sample, 3).Claims.Count;

    [Benchmark]
    public int ExtractThousandWords() => extractor.Analyze(thousandWords, 3).Claims.Count;

    [Benchmark]
    public int ExtractMegabyte() => extractor.Analyze(megabyte).Claims.Count;
}
