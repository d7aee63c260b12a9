using System.Text.Json;
using FactCheck.Analysis.Evidence.Alignment;

namespace FactCheck.Tools;

/// <summary>
/// Prints the alignment of each claim of a news-style set with each of its sources (the items found, differing and
/// missing): for reading what the aligner makes of real claims. `verify align [--data FILE] [--limit N]`.
/// </summary>
public static class AlignCommand
{
    public static int Run(string dataPath, int limit)
    {
        foreach (var line in File.ReadLines(dataPath).Where(l => l.Length > 0).Take(limit))
        {
            var row = JsonDocument.Parse(line).RootElement;
            var claim = row.GetProperty("claim").GetString()!;
            Console.WriteLine($"{row.GetProperty("id").GetString()} [{row.GetProperty("label").GetString()}] {claim}");
            Console.WriteLine("  items: " + string.Join("; ", CheckableItems.Find(claim).Select(i => $"{i.Kind} '{i.Text}'")));
            var n = 1;
            foreach (var source in row.GetProperty("sources").EnumerateArray())
            {
                var alignment = ClaimAligner.Align(claim, source.GetString()!);
                Console.WriteLine($"  source {n++}: " + (alignment.Covers ? "covers" : string.Join("; ", alignment.Items.Where(i => i.Match != ItemMatch.Found))));
            }
        }
        return 0;
    }
}
