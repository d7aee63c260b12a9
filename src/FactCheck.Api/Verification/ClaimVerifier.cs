using FactCheck.Api.Platform;
using System.Text.Json;
using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence;
using FactCheck.Api.Data;
using FactCheck.Api.Events;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Verification;

/// <summary>
/// Verifies every claim of an article against the sources it cites: ranks each fetched source's sentences
/// by BM25, re-ranks the best by MiniLM similarity, keeps the best passage per source with its stance,
/// aggregates an automatic verdict, and checks the citations (article-level sources that hold strong
/// evidence become evidence matches; cited sources that do not support the claim are flagged).
/// </summary>
public sealed class ClaimVerifier(FactCheckDbContext db, PassageEmbedder embedder, StanceJudge judge, TimeProvider time, ILogger<ClaimVerifier> logger)
{
    public const string NotSupportedFlag = "cited source does not support this claim";
    public const string UnavailableFlag = "cited source could not be fetched";
    const int CandidatesPerSource = 8;
    const int WholeSourceLength = 600;
    const double SecondPassageCosine = 0.35;

    /// <summary>
    /// Verifies the article's claims and, when <paramref name="leaseOwner"/> still holds its verification lease, marks it
    /// verified, in one transaction with the verdicts and their events. True when it was marked verified.
    /// </summary>
    public async Task<bool> VerifyArticleAsync(Guid articleId, Guid? leaseOwner, CancellationToken ct)
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
                var candidates = EvidenceRanker.Rank(query, text, CandidatesPerSource);
                // A short source (a pasted answer, a paragraph) is also read whole: a question and its answer, or a
                // sentence and the one that qualifies it, decide together what neither decides alone.
                var trimmed = text.Trim();
                var start = text.IndexOf(trimmed, StringComparison.Ordinal);
                // Evidence quotes lie within one stored passage, so the whole source is read only when it is one.
                if (trimmed.Length <= WholeSourceLength && candidates.Count > 1
                    && passagesByDocument.GetValueOrDefault(source.DocumentId!.Value)?.Any(p => p.Start <= start && start + trimmed.Length <= p.End) == true)
                    candidates.Insert(0, new EvidenceCandidate(new Analysis.Text.TextSpan(start, start + trimmed.Length), trimmed, 1.0));
                sources.Add((source, candidates));
            }
            work.Add((claim, query, sources, unavailable));
        }
        var texts = work.Select(w => w.Query).Concat(work.SelectMany(w => w.Sources.SelectMany(s => s.Candidates.Select(c => c.Text))))
            .Distinct(StringComparer.Ordinal).ToList();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var vectors = embedder.Embed(texts);
        var embedding = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var vectorOf = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => vectors[x.i], StringComparer.Ordinal);

        // The cross-encoder reads the best few passages of every claim and source, all of the article in one batch.
        var crossEncoder = judge.CrossEncoder;
        var ranked = work.ToDictionary(w => w.Claim.Id, w => w.Sources.Select(s => s.Candidates
            .Select(c => (Candidate: c, Cosine: (double)MiniLmEmbedder.Cosine(vectorOf[w.Query], vectorOf[c.Text])))
            .OrderByDescending(c => 0.65 * c.Cosine + 0.35 * c.Candidate.Lexical)
            // The best passage is always read; the next ones only when they are close enough to matter.
            .Where((c, rank) => rank == 0 || c.Cosine >= SecondPassageCosine)
            .Take(crossEncoder is null ? 1 : judge.PassagesPerSource).ToList()).ToList());
        var pairs = crossEncoder is null ? [] : work.SelectMany(w => ranked[w.Claim.Id].SelectMany(r => r.Select(c => (w.Query, c.Candidate.Text)))).Distinct().ToList();
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        var probabilities = crossEncoder is null ? [] : pairs.Zip(crossEncoder.Predict(pairs, ct)).ToDictionary(x => x.First, x => x.Second);
        var reading = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        // The labels before this pass: a verdict event is written only when a claim's automatic label changes.
        var claimIds = claims.ConvertAll(c => c.Id);
        var earlier = await db.Verdicts.AsNoTracking().Where(v => claimIds.Contains(v.ClaimId))
            .Select(v => new { v.ClaimId, v.Kind, v.Label, v.CreatedAt, v.Id }).ToListAsync(ct);
        string? LatestOf(Guid claimId, VerdictKind kind) => earlier.Where(v => v.ClaimId == claimId && v.Kind == kind)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(v => v.Label).FirstOrDefault();
        var verdicts = new FactCheck.Api.Verdicts.VerdictWriter(db);
        var current = new Dictionary<Guid, string>();

        // Evidence is rebuilt from scratch: one delete for the whole article, in one transaction with the new
        // evidence, verdicts and current-verdict labels, so readers never see the article half verified.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Evidence.Where(e => e.Claim.ArticleId == articleId).ExecuteDeleteAsync(ct);
        foreach (var (claim, query, sources, unavailable) in work)
        {
            var stances = new List<StanceResult>();
            var bySource = new Dictionary<Guid, StanceResult>();
            var evidenceOf = new List<(StanceResult Stance, Guid Id)>();
            foreach (var ((source, _), candidates) in sources.Zip(ranked[claim.Id]))
            {
                if (candidates.Count == 0) continue;
                // Of the passages read, the one that decides most (least neutral, after the rules' vetoes: a question
                // without its answer decides nothing, an explicit numeric contradiction decides); by retrieval rank
                // when the rules judge.
                var (best, stance) = crossEncoder is null
                    ? (candidates[0], StanceClassifier.Classify(query, candidates[0].Candidate.Text, vectorOf[query], vectorOf[candidates[0].Candidate.Text], judge.Model))
                    : candidates.Select(c => (Candidate: c, Stance: StanceClassifier.DecideCrossEncoder(probabilities[(query, c.Candidate.Text)],
                            StanceClassifier.Detect(query, c.Candidate.Text), c.Cosine, crossEncoder.Version)))
                        .MinBy(d => d.Stance.Probabilities!.Value.Neutral);
                stances.Add(stance);
                bySource[source.Id] = stance;
                var passage = passagesByDocument.GetValueOrDefault(source.DocumentId!.Value)?
                    .FirstOrDefault(p => p.Start <= best.Candidate.Span.Start && best.Candidate.Span.Start < p.End);
                if (passage is null) continue;
                var evidence = new Data.Evidence
                {
                    Id = Guid.CreateVersion7(now),
                    ClaimId = claim.Id,
                    PassageId = passage.Id,
                    Stance = stance.Stance,
                    Score = stance.Score,
                    Reasons = [.. stance.Signals],
                    QuoteStart = best.Candidate.Span.Start,
                    QuoteEnd = best.Candidate.Span.End,
                    CreatedAt = now,
                };
                db.Evidence.Add(evidence);
                evidenceOf.Add((stance, evidence.Id));
            }

            var checkability = claim.Type switch
            {
                "opinion" or "question" => Checkability.NotCheckable,
                "prediction" => Checkability.Prediction,
                _ => Checkability.Checkable,
            };
            var verdict = VerdictAggregator.Aggregate(stances, unavailable, checkability, crossEncoder?.Verdicts, judge.DecisiveScore);
            // The evidence the verdict rests on: the decisive stances on the side it came down on.
            var decidedBy = verdict.Label switch
            {
                VerdictLabel.Supported => [Stance.Supports],
                VerdictLabel.Refuted => [Stance.Refutes],
                VerdictLabel.Conflicting => new[] { Stance.Supports, Stance.Refutes },
                _ => [],
            };
            var automatic = new Verdict
            {
                EvidenceIds = DecidingEvidence(evidenceOf, decidedBy, judge.DecisiveScore),
                Id = Guid.CreateVersion7(now),
                ClaimId = claim.Id,
                Kind = VerdictKind.Automatic,
                Label = JsonNamingPolicy.SnakeCaseLower.ConvertName(verdict.Label.ToString()),
                Confidence = verdict.Confidence,
                EngineVersion = judge.EngineVersion,
                Rationale = verdict.Rationale,
                CreatedAt = now,
            };
            var editorial = LatestOf(claim.Id, VerdictKind.Editorial);
            verdicts.Automatic(articleId, automatic, LatestOf(claim.Id, VerdictKind.Automatic), editorial);
            current[claim.Id] = editorial ?? automatic.Label;

            foreach (var citation in claim.Citations)
            {
                var stance = bySource.GetValueOrDefault(citation.ArticleSourceId);
                var decisive = stance is { Stance: not Stance.Neutral } && stance.Score >= judge.DecisiveScore;
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
                        : stance is { Stance: Stance.Supports } && decisive ? null : NotSupportedFlag;
                }
            }
        }
        await verdicts.SaveAsync(ct);
        var verified = leaseOwner is { } owner && await ArticleLifecycle.MarkVerifiedAsync(db, articleId, owner, Timestamps.Now(time), ct);
        if (verified)
        {
            var counts = current.Values.GroupBy(l => l, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            ChangeEvents.Record(db, EventTypes.ArticleVerified, articleId, null,
                new ArticleVerifiedData(articleId, claims.Count, counts), now);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        logger.LogInformation("Verified {Claims} claims of article {Article}: {Texts} texts embedded in {EmbeddingMs:F0} ms, {Pairs} pairs read in {ReadingMs:F0} ms",
            claims.Count, articleId, texts.Count, embedding.TotalMilliseconds, pairs.Count, reading.TotalMilliseconds);
        return verified;
    }

    /// <summary>
    /// The evidence a verdict rests on: each stance on its side that is decisive, or, when the verdict model came down
    /// on a side no single passage decides, the strongest passage of each side it names.
    /// </summary>
    static List<Guid> DecidingEvidence(List<(StanceResult Stance, Guid Id)> evidence, Stance[] sides, double decisive)
    {
        var ids = new List<Guid>();
        foreach (var side in sides)
        {
            var onSide = evidence.Where(e => e.Stance.Stance == side).OrderByDescending(e => e.Stance.Score).ToList();
            var strong = onSide.Where(e => e.Stance.Score >= decisive).Select(e => e.Id).ToList();
            if (strong.Count == 0) strong = [.. onSide.Take(1).Select(e => e.Id)];
            // A verdict the sources only lean to rests on the passages leaning that way, most first.
            double Lean((StanceResult Stance, Guid Id) e) => e.Stance.Probabilities is { } p ? side == Stance.Supports ? p.Supports : p.Refutes : 0;
            if (strong.Count == 0)
                strong = [.. evidence.Where(e => Lean(e) >= VerdictAggregator.LeanScore).OrderByDescending(Lean).Select(e => e.Id)];
            ids.AddRange(strong);
        }
        return ids;
    }
}
