using System.Text;

namespace FactCheck.Benchmarks;

/// <summary>The texts benchmarked: the sample article, a 1,000-word article, and about 1 MB of debate text.</summary>
public static class Corpora
{
    public static string SampleArticle => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "putin-kim-defence-pact.txt"));

    /// <summary>The sample article repeated to 1,000 words (it has about 350).</summary>
    public static string ThousandWordArticle
    {
        get
        {
            var sample = SampleArticle;
            var paragraphs = sample.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(p => !p.Contains("Source", StringComparison.Ordinal)).ToList();
            var builder = new StringBuilder();
            var words = 0;
            for (var i = 0; words < 1000; i++)
            {
                var paragraph = paragraphs[i % paragraphs.Count];
                builder.Append(paragraph).Append("\n\n");
                words += paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            }
            return builder.ToString();
        }
    }

    /// <summary>
    /// About 1 MB of CLEF 2019 debate transcripts (../shared/data/checkworthiness), one paragraph per
    /// speaker turn, repeated if needed; falls back to the sample article when the data is not beside the repo.
    /// </summary>
    public static string DebateMegabyte()
    {
        var dir = FindShared();
        var source = new StringBuilder();
        if (dir is not null)
        {
            foreach (var file in Directory.GetFiles(dir, "*.tsv").Order(StringComparer.Ordinal))
            {
                string? speaker = null;
                foreach (var line in File.ReadLines(file))
                {
                    var parts = line.Split('\t');
                    if (parts.Length < 3) continue;
                    source.Append(parts[1] == speaker ? " " : "\n\n").Append(parts[2]);
                    speaker = parts[1];
                }
            }
        }
        else
        {
            source.Append(SampleArticle);
        }
        var text = source.ToString();
        var result = new StringBuilder(1 << 20);
        while (result.Length < 1 << 20) result.Append(text);
        return result.ToString(0, 1 << 20);
    }

    static string? FindShared() => FindShared("checkworthiness", "clef2019-train");

    /// <summary>A path under ../shared/data (a development data set), looked for upwards from the benchmark's directory; null when absent.</summary>
    public static string? FindShared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, "shared", "data", .. parts]);
            if (Directory.Exists(candidate) || File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
