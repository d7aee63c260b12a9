using FactCheck.Analysis.Evidence;

namespace FactCheck.Analysis.Tests.Evidence;

public sealed class EvidenceRankerTests
{
    const string Source =
        "The city council met on Monday. Bus ridership fell 14 percent in 2025, the transit authority said. " +
        "Fares rose twice in the year. The mayor said the buses would run on time. Rail ridership rose slightly.";

    [Fact]
    public void A_source_indexed_once_ranks_each_claim_as_ranking_it_afresh_does()
    {
        var index = EvidenceRanker.Index(Source);
        foreach (var claim in new[] { "Bus ridership fell by 14% last year.", "Fares went up twice.", "The mayor promised punctual buses.", "Volcanoes erupted." })
        {
            var fresh = EvidenceRanker.Rank(claim, Source, 3);
            var indexed = index.Rank(claim, 3);
            Assert.Equal(fresh.Select(c => (c.Span, c.Text, c.Lexical)), indexed.Select(c => (c.Span, c.Text, c.Lexical)));
        }
        Assert.Equal(5, index.Sentences.Count);
        var best = index.Rank("Bus ridership fell by 14% last year.", 3);
        Assert.StartsWith("Bus ridership fell 14 percent", best[0].Text, StringComparison.Ordinal);
        Assert.Equal(1.0, best[0].Lexical);
        Assert.All(index.Rank("Volcanoes erupted.", 3), c => Assert.Equal(0.0, c.Lexical));
    }

    [Fact]
    public void Nothing_to_rank_gives_no_candidates()
    {
        Assert.Empty(EvidenceRanker.Index("").Rank("Bus ridership fell.", 3));
        Assert.Empty(EvidenceRanker.Index(Source).Rank("the of and", 3));
    }
}
