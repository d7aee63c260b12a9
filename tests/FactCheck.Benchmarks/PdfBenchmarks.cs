using BenchmarkDotNet.Attributes;
using FactCheck.Analysis.Documents;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FactCheck.Benchmarks;

/// <summary>
/// PDF text extraction (PdfPig, with the safety scan first) of a 20-page report of dense text, 48 lines a page, as a
/// statistics release or annual report is. It runs on one thread, so pages per second on one core = 20 / the mean.
/// </summary>
[MemoryDiagnoser]
public class PdfBenchmarks
{
    const int Pages = 20;
    byte[] pdf = [];

    [GlobalSetup]
    public void Setup()
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = "Port authority annual report";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 0; p < Pages; p++)
        {
            var page = builder.AddPage(595, 842);
            for (var line = 0; line < 48; line++)
                page.AddText($"In {2000 + line % 25} the port handled {40 + p * 0.3 + line * 0.01:F2} million tonnes of cargo, up {line % 9} percent, the authority said.",
                    9, new PdfPoint(40, 800 - line * 15), font);
        }
        pdf = builder.Build();
        _ = Extract().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<int> Extract() => (await PdfTextExtractor.ExtractAsync(pdf, new PdfLimits(), CancellationToken.None)).PageCount;
}
