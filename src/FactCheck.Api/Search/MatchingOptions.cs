using System.ComponentModel.DataAnnotations;

namespace FactCheck.Api.Search;

/// <summary>Claim matching settings (section <c>Matching</c>). Weights tuned on CLEF 2020 Task 2 train only.</summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>Candidate terms are the query's rarest lexemes, taken while their document frequencies add up to at most this.</summary>
    [Range(10, 1_000_000)]
    public int TermBudget { get; set; } = 4000;

    /// <summary>Most query lexemes used to find candidates.</summary>
    [Range(1, 64)]
    public int MaxTerms { get; set; } = 16;

    /// <summary>Most candidate claims read from the full-text index per query.</summary>
    [Range(10, 100_000)]
    public int CandidateCap { get; set; } = 2500;

    /// <summary>
    /// How many of the best lexical candidates are re-ranked by embedding similarity. 200: CLEF train MAP@5
    /// 0.8858 → 0.8883 over 100 (300 and 1,000 add nothing more), match p95 at a million claims unchanged.
    /// </summary>
    [Range(1, 1000)]
    public int RerankDepth { get; set; } = 200;

    /// <summary>Weight of the MiniLM cosine in the score; the rest is the normalised BM25 score.</summary>
    [Range(0.0, 1.0)]
    public double SemanticWeight { get; set; } = 0.75;

    /// <summary>
    /// Subtracted from the score when both claims state numbers and they differ. 0 by default: tuned on
    /// CLEF train, any penalty lowered MAP@5 (tweets carry dates the fact-checks do not). Differing numbers
    /// always make a match "related" rather than "same", whatever this is.
    /// </summary>
    [Range(0.0, 1.0)]
    public double NumberMismatchPenalty { get; set; }

    /// <summary>Score from which a match counts as the same claim (below it: related).</summary>
    [Range(0.0, 1.0)]
    public double SameClaimThreshold { get; set; } = 0.75;

    /// <summary>On ingest, a new claim records its best earlier reviewed match when it scores at least this.</summary>
    [Range(0.0, 1.0)]
    public double IngestThreshold { get; set; } = 0.75;

    /// <summary>Match new claims against reviewed ones when they are stored.</summary>
    public bool MatchOnIngest { get; set; } = true;

    /// <summary>How often lexeme document frequencies are recomputed (when the claim count moved by 5% or more).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StatsRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Below this many claims, no statistics are kept: every query lexeme is used, frequencies come from the candidates.</summary>
    [Range(0, 10_000_000)]
    public int StatsMinimumClaims { get; set; } = 1000;
}
