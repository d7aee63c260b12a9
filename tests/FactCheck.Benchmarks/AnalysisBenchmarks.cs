using BenchmarkDotNet.Attributes;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Benchmarks;

/// <summary>
/// Segmentation alone and full claim extraction, on the sample article, a 1,000-word article and 1 MB of debate text:
/// with the learned check-worthiness encoder on one core (one run at a time, one thread), and on the rules-only path
/// (the feature model alone) beside it.
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    string sample = "";
    string thousandWords = "";
    string megabyte = "";
    ClaimExtractor extractor = null!;
    ClaimExtractor rulesOnly = null!;

    [GlobalSetup]
    public void Setup()
    {
        sample = Corpora.SampleArticle;
        thousandWords = Corpora.ThousandWordArticle;
        megabyte = Corpora.DebateMegabyte();
        extractor = new ClaimExtractor(CheckWorthinessModel.LoadEmbedded(threads: 1));
        rulesOnly = new ClaimExtractor(CheckWorthinessModel.LoadEmbedded(featuresOnly: true));
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
    public int ExtractSampleRulesOnly() => rulesOnly.Analyze(sample, 3).Claims.Count;

    [Benchmark]
    public int ExtractThousandWordsRulesOnly() => rulesOnly.Analyze(thousandWords, 3).Claims.Count;

    /// <summary>Rules only: the encoder reads about 16,000 sentences here, some 20 s on one core.</summary>
    [Benchmark]
    public int ExtractMegabyteRulesOnly() => rulesOnly.Analyze(megabyte).Claims.Count;
}
