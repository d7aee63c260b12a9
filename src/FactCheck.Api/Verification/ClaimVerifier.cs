using System.Text.Json;
using FactCheck.Analysis.Evidence;
using FactCheck.Analysis.Evidence.Pipeline;
using FactCheck.Api.Events;
using FactCheck.Api.Platform;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Verification;

/// <summary>
/// The thin writer around the verdict pipeline: reads an article's claims, their cited sources and stored passages,
/// hands them to <see cref="VerdictPipeline"/> (rank, read, align, rules, decide; pure), and writes what it returns in one
/// transaction: the evidence rows, the automatic verdicts (<see cref="Verdicts.VerdictWriter"/>), the citation flags,
/// and the article's move to verified with its <c>article.verified</c> event.
/// </summary>
public sealed class ClaimVerifier(FactCheckDbContext db, StanceJudge judge, TimeProvider time, ILogger<ClaimVerifier> logger)
{
    public const string NotSupportedFlag = "cited source does not support this claim";
    public const string UnavailableFlag = "cited source could not be fetched";

    /// <summary>
    /// Verifies the article's claims and, when <paramref name="leaseOwner"/> still holds its verification lease and every
    /// cited source has ended (fetched or failed), marks it verified, in one transaction with the verdicts and their
    /// events. True when it was marked verified.
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

        // The pipeline's input: each claim with its fetched sources (text, stored passage spans, title).
        var inputs = new List<PipelineClaim>(claims.Count);
        var sourcesOf = new List<List<ArticleSource>>(claims.Count);
        foreach (var claim in claims)
        {
            var fetched = new List<ArticleSource>();
            var sources = new List<PipelineSource>();
            var unavailable = 0;
            foreach (var source in claim.Citations.Select(c => c.ArticleSource).DistinctBy(s => s.Id).OrderBy(s => s.Ordinal))
            {
                if (source.Document is not { Status: FetchStatus.Fetched, Text: { Length: > 0 } text })
                {
                    unavailable++;
                    continue;
                }
                fetched.Add(source);
                var spans = passagesByDocument.GetValueOrDefault(source.DocumentId!.Value)?.Select(p => new Analysis.Text.TextSpan(p.Start, p.End)).ToList() ?? [];
                sources.Add(new PipelineSource(source.Label, text, spans, source.Title ?? source.Document.Title));
            }
            inputs.Add(new PipelineClaim(claim.Text, CheckabilityOf(claim.Type), sources, unavailable));
            sourcesOf.Add(fetched);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pipeline = judge.Pipeline;
        var decisions = pipeline.Decide(inputs, ct);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        // The labels before this pass: a verdict event is written only when a claim's automatic label changes.
        var claimIds = claims.ConvertAll(c => c.Id);
        var earlier = await db.Verdicts.AsNoTracking().Where(v => claimIds.Contains(v.ClaimId))
            .Select(v => new { v.ClaimId, v.Kind, v.Label, v.CreatedAt, v.Id }).ToListAsync(ct);
        string? LatestOf(Guid claimId, VerdictKind kind) => earlier.Where(v => v.ClaimId == claimId && v.Kind == kind)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(v => v.Label).FirstOrDefault();
        var verdicts = new Verdicts.VerdictWriter(db);
        var current = new Dictionary<Guid, string>();

        // Evidence is rebuilt from scratch: one delete for the whole article, in one transaction with the new
        // evidence, verdicts and current-verdict labels, so readers never see the article half verified.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Evidence.Where(e => e.Claim.ArticleId == articleId).ExecuteDeleteAsync(ct);
        for (var c = 0; c < claims.Count; c++)
        {
            var (claim, decision, fetched) = (claims[c], decisions[c], sourcesOf[c]);
            var evidenceOf = new Dictionary<int, Guid>();
            var stanceOf = new Dictionary<Guid, StanceResult>();
            foreach (var reading in decision.Readings)
            {
                var source = fetched[reading.Source];
                stanceOf[source.Id] = reading.Stance;
                var passage = passagesByDocument.GetValueOrDefault(source.DocumentId!.Value)?
                    .FirstOrDefault(p => p.Start <= reading.Passage.Span.Start && reading.Passage.Span.Start < p.End);
                if (passage is null) continue;
                var evidence = new Data.Evidence
                {
                    Id = Guid.CreateVersion7(now),
                    ClaimId = claim.Id,
                    PassageId = passage.Id,
                    Stance = reading.Stance.Stance,
                    Score = reading.Stance.Score,
                    Reasons = [.. reading.Stance.Signals],
                    QuoteStart = reading.Passage.Span.Start,
                    QuoteEnd = reading.Passage.Span.End,
                    CreatedAt = now,
                };
                db.Evidence.Add(evidence);
                evidenceOf[reading.Source] = evidence.Id;
            }

            var verdict = decision.Verdict;
            var automatic = new Verdict
            {
                // The evidence the verdict rests on: the sources that decided it, none for a verdict no source decides.
                EvidenceIds = [.. (verdict.DecidedBy ?? []).Where(evidenceOf.ContainsKey).Select(s => evidenceOf[s])],
                Id = Guid.CreateVersion7(now),
                ClaimId = claim.Id,
                Kind = VerdictKind.Automatic,
                Label = Snake(verdict.Label),
                Lean = verdict.Lean is { } lean ? Snake(lean) : null,
                Confidence = verdict.Confidence,
                EngineVersion = pipeline.EngineVersion,
                Rationale = verdict.Rationale,
                CreatedAt = now,
            };
            var editorial = LatestOf(claim.Id, VerdictKind.Editorial);
            verdicts.Automatic(articleId, automatic, LatestOf(claim.Id, VerdictKind.Automatic), editorial);
            current[claim.Id] = editorial ?? automatic.Label;

            var deciding = (verdict.DecidedBy ?? []).Select(s => fetched[s].Id).ToHashSet();
            foreach (var citation in claim.Citations)
            {
                var stance = stanceOf.GetValueOrDefault(citation.ArticleSourceId);
                var decisive = deciding.Contains(citation.ArticleSourceId);
                if (citation.Kind is CitationKind.ArticleLevel or CitationKind.EvidenceMatch)
                {
                    citation.Kind = decisive ? CitationKind.EvidenceMatch : CitationKind.ArticleLevel;
                    citation.Relevance = decisive ? stance!.Score : null;
                    citation.Flag = null;
                }
                else
                {
                    // Only a source that was read can be said not to support the claim; one still waiting is not flagged.
                    citation.Flag = citation.ArticleSource.Document?.Status switch
                    {
                        FetchStatus.Failed or FetchStatus.Blocked => UnavailableFlag,
                        FetchStatus.Fetched when stance is not null => stance.Stance == Stance.Supports && decisive ? null : NotSupportedFlag,
                        _ => null,
                    };
                }
            }
        }
        await verdicts.SaveAsync(ct);
        // Verified only when every cited source has ended (fetched or failed): a source still pending is not yet read.
        var allEnded = claims.SelectMany(c => c.Citations).All(x => x.ArticleSource.Document is null
            || x.ArticleSource.Document.Status is not (FetchStatus.Pending or FetchStatus.Fetching));
        if (!allEnded && leaseOwner is { } waiting) await ArticleLifecycle.BackToFetchingAsync(db, articleId, waiting, Timestamps.Now(time), ct);
        var verified = allEnded && leaseOwner is { } owner && await ArticleLifecycle.MarkVerifiedAsync(db, articleId, owner, Timestamps.Now(time), ct);
        if (verified)
        {
            var counts = current.Values.GroupBy(l => l, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            ChangeEvents.Record(db, EventTypes.ArticleVerified, articleId, null,
                new ArticleVerifiedData(articleId, claims.Count, counts), now);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        logger.LogInformation("Verified {Claims} claims of article {Article} in {Ms:F0} ms ({Engine})", claims.Count, articleId, elapsed.TotalMilliseconds, pipeline.EngineVersion);
        return verified;
    }

    static Checkability CheckabilityOf(string type) => type switch
    {
        "opinion" or "question" => Checkability.NotCheckable,
        "prediction" => Checkability.Prediction,
        _ => Checkability.Checkable,
    };

    static string Snake(VerdictLabel label) => JsonNamingPolicy.SnakeCaseLower.ConvertName(label.ToString());
}
