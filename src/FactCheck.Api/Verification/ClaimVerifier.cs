using System.Text.Json;
using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence;
using FactCheck.Api.Articles;
using FactCheck.Api.Data;
using Microsoft.EntityFrameworkCore;
using CitationKind = FactCheck.Api.Data.CitationKind;

namespace FactCheck.Api.Verification;

/// <summary>
/// Verifies every claim of an article against the sources it cites: ranks each fetched source's sentences
/// by BM25, re-ranks the best by MiniLM similarity, keeps the best passage per source with its stance,
/// aggregates an automatic verdict, and checks the citations (article-level sources that hold strong
/// evidence become evidence matches; cited sources that do not support the claim are flagged).
/// </summary>
public sealed class ClaimVerifier(FactCheckDbContext db, ISentenceEmbedder embedder, StanceJudge judge, TimeProvider time, ILogger<ClaimVerifier> logger)
{
    public const string NotSupportedFlag = "cited source does not support this claim";
    public const string UnavailableFlag = "cited source could not be fetched";
    const int CandidatesPerSource = 8;

    public async Task VerifyArticleAsync(Guid articleId, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        var claims = await db.Claims.Where(c => c.ArticleId == articleId)
            .Include(c => c.Citations).ThenInclude(x => x.ArticleSource).ThenInclude(s => s.Document)
            .AsSplitQuery().ToListAsync(ct);
        var documentIds = claims.SelectMany(c => c.Citations).Select(x => x.ArticleSource.DocumentId).OfType<Guid>().Distinct().ToList();
        var passages = await db.Passages.AsNoTracking().Where(p => documentIds.Contains(p.DocumentId)).ToListAsync(ct);
        var passagesByDocument = passages.GroupBy(p => p.DocumentId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Start).ToList());

        // Candidates of every claim and source first, so all embeddings are computed in one batch.
        var work = new List<(Claim Claim, string Query, List<(ArticleSource Source, List<EvidenceCandidate> Candidates)> Sources, int Unavailable)>();
        foreach (var claim in claims)
        {
            var query = CitationMarkers.Strip(claim.Text);
            var sources = new List<(ArticleSource, List<EvidenceCandidate>)>();
            var unavailable = 0;
            foreach (var source in claim.Citations.Select(c => c.ArticleSource).DistinctBy(s => s.Id))
            {
                if (source.Document is not { Status: FetchStatus.Fetched, Text: { Length: > 0 } text })
                {
                    unavailable++;
                    continue;
                }
                sources.Add((source, EvidenceRanker.Rank(query, text, CandidatesPerSource)));
            }
            work.Add((claim, query, sources, unavailable));
        }
        var texts = work.Select(w => w.Query).Concat(work.SelectMany(w => w.Sources.SelectMany(s => s.Candidates.Select(c => c.Text))))
            .Distinct(StringComparer.Ordinal).ToList();
        var vectors = embedder.Embed(texts);
        var vectorOf = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => vectors[x.i], StringComparer.Ordinal);

        // Evidence is rebuilt from scratch: one delete for the whole article, in one transaction with the new
        // evidence, verdicts and current-verdict labels, so readers never see the article half verified.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Evidence.Where(e => e.Claim.ArticleId == articleId).ExecuteDeleteAsync(ct);
        foreach (var (claim, query, sources, unavailable) in work)
        {
            var stances = new List<StanceResult>();
            var bySource = new Dictionary<Guid, StanceResult>();
            foreach (var (source, candidates) in sources)
            {
                var best = candidates
                    .Select(c => (Candidate: c, Cosine: (double)MiniLmEmbedder.Cosine(vectorOf[query], vectorOf[c.Text])))
                    .OrderByDescending(c => 0.65 * c.Cosine + 0.35 * c.Candidate.Lexical)
                    .FirstOrDefault();
                if (best.Candidate is null) continue;
                var stance = StanceClassifier.Classify(query, best.Candidate.Text, vectorOf[query], vectorOf[best.Candidate.Text], judge.Model);
                stances.Add(stance);
                bySource[source.Id] = stance;
                var passage = passagesByDocument.GetValueOrDefault(source.DocumentId!.Value)?
                    .FirstOrDefault(p => p.Start <= best.Candidate.Span.Start && best.Candidate.Span.Start < p.End);
                if (passage is null) continue;
                db.Evidence.Add(new Data.Evidence
                {
                    Id = Guid.CreateVersion7(now),
                    ClaimId = claim.Id,
                    PassageId = passage.Id,
                    Stance = Map(stance.Stance),
                    Score = stance.Score,
                    Reasons = [.. stance.Signals],
                    QuoteStart = best.Candidate.Span.Start,
                    QuoteEnd = best.Candidate.Span.End,
                    CreatedAt = now,
                });
            }

            var checkability = claim.Type switch
            {
                "opinion" or "question" => Checkability.NotCheckable,
                "prediction" => Checkability.Prediction,
                _ => Checkability.Checkable,
            };
            var verdict = VerdictAggregator.Aggregate(stances, unavailable, checkability, judge.DecisiveScore);
            db.Verdicts.Add(new Verdict
            {
                Id = Guid.CreateVersion7(now),
                ClaimId = claim.Id,
                Kind = VerdictKind.Automatic,
                Label = JsonNamingPolicy.SnakeCaseLower.ConvertName(verdict.Label.ToString()),
                Confidence = verdict.Confidence,
                EngineVersion = judge.EngineVersion,
                Rationale = verdict.Rationale,
                CreatedAt = now,
            });

            foreach (var citation in claim.Citations)
            {
                var stance = bySource.GetValueOrDefault(citation.ArticleSourceId);
                var decisive = stance is { Stance: not StanceLabel.Neutral } && stance.Score >= judge.DecisiveScore;
                if (citation.Kind is CitationKind.ArticleLevel or CitationKind.EvidenceMatch)
                {
                    citation.Kind = decisive ? CitationKind.EvidenceMatch : CitationKind.ArticleLevel;
                    citation.Relevance = decisive ? stance!.Score : null;
                    citation.Flag = null;
                }
                else
                {
                    citation.Flag = citation.ArticleSource.Document?.Status is FetchStatus.Failed or FetchStatus.Blocked
                        ? UnavailableFlag
                        : stance is { Stance: StanceLabel.Supports } && decisive ? null : NotSupportedFlag;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        await CurrentVerdicts.RefreshArticleAsync(db, articleId, ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Verified {Claims} claims of article {Article}", claims.Count, articleId);
    }

    static Stance Map(StanceLabel label) => label switch
    {
        StanceLabel.Supports => Stance.Supports,
        StanceLabel.Refutes => Stance.Refutes,
        _ => Stance.Neutral,
    };
}
