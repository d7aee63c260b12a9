using System.Collections.Frozen;
using FactCheck.Api.Search;
using FactCheck.Data;

namespace FactCheck.Api.Tests.Search;

/// <summary>How the matcher turns a claim's lexemes into a cheap full-text query at a million claims.</summary>
public sealed class CandidateQueryTests
{
    static readonly LexemeSnapshot Stats = new(1_000_000, new Dictionary<string, int>
    {
        ["unemploy"] = 40_000, ["spain"] = 30_000, ["rose"] = 90_000, ["2023"] = 35_000,
        ["aldermoor"] = 12, ["kovalenko"] = 3, ["council"] = 2_500,
    }.ToFrozenDictionary());

    static readonly MatchingOptions Options = new() { TermBudget = 4000, MaxTerms = 16 };

    [Fact]
    public void Rare_words_are_or_ed_and_the_two_rarest_common_ones_are_and_ed()
    {
        var query = ClaimMatcher.CandidateQuery(["unemploy", "aldermoor", "rose", "spain", "council"], Stats, Options);

        Assert.Equal("'aldermoor' | 'council' | ('spain' & 'unemploy')", query);
    }

    [Fact]
    public void Only_common_words_fall_back_to_the_intersection_of_the_three_rarest()
    {
        var query = ClaimMatcher.CandidateQuery(["unemploy", "rose", "spain", "2023"], Stats, Options);

        Assert.Equal("'spain' & '2023' & 'unemploy'", query);
    }

    [Fact]
    public void Unknown_words_cost_nothing_and_do_not_use_up_the_term_slots()
    {
        var (terms, leftOut) = ClaimMatcher.ChooseTerms(["zzqx", "kovalenko", "httpst", "aldermoor"], Stats, new MatchingOptions { TermBudget = 4000, MaxTerms = 1 });

        Assert.Equal(["zzqx", "httpst", "kovalenko"], terms);
        Assert.True(leftOut);
    }

    [Fact]
    public void Quotes_in_lexemes_are_escaped()
    {
        var query = ClaimMatcher.CandidateQuery(["o'neil"], LexemeSnapshot.Empty, Options);

        Assert.Equal("'o''neil'", query);
    }

    [Fact]
    public void Vectors_round_trip_through_half_precision_within_a_thousandth()
    {
        var random = new Random(3);
        var vector = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

        var decoded = ClaimVectors.Decode(ClaimVectors.Encode(vector));

        Assert.Equal(768, ClaimVectors.Encode(vector).Length);
        Assert.True(ClaimVectors.Cosine(vector, decoded) > 0.999);
    }
}

public sealed class MatchTextNormalizationTests
{
    [Theory]
    [InlineData("Fires rage #AustralianFires pic.twitter.com/0eJtwJyS1J", "Fires rage Australian Fires")]
    [InlineData("See https://t.co/CsHG8R9cHp now #Covid19", "See now Covid 19")]
    [InlineData("Plain claim, no links.", "Plain claim, no links.")]
    [InlineData("https://example.com/only-a-link", "https://example.com/only-a-link")]
    public void Links_go_and_hashtags_become_words(string text, string expected) =>
        Assert.Equal(expected, FactCheck.Analysis.Matching.MatchText.Normalize(text));
}
