using FactCheck.Api.Events;
using FactCheck.Api.Security;
using FactCheck.Api.Verification;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Claims;

/// <summary>What became of a change to a claim; the endpoints turn it into HTTP.</summary>
public enum WorkflowResult { Done, NotFound, Stale, NotAllowed, NoEditorialVerdict, UnknownEvidence }

/// <summary>
/// A fact-checker's changes to a claim: editorial verdicts and workflow moves (unreviewed → in_review → reviewed →
/// published, and back for corrections), each a compare-and-set on the claim's version (of two writers holding one
/// ETag exactly one wins), in one transaction with its audit entry and change events.
/// </summary>
public sealed class ClaimWorkflow(FactCheckDbContext db, TimeProvider time, IOptions<RatingScaleOptions> scale)
{
    public static readonly IReadOnlyDictionary<WorkflowStatus, WorkflowStatus[]> Transitions = new Dictionary<WorkflowStatus, WorkflowStatus[]>
    {
        [WorkflowStatus.Unreviewed] = [WorkflowStatus.InReview],
        [WorkflowStatus.InReview] = [WorkflowStatus.Unreviewed, WorkflowStatus.Reviewed],
        [WorkflowStatus.Reviewed] = [WorkflowStatus.InReview, WorkflowStatus.Published],
        [WorkflowStatus.Published] = [WorkflowStatus.InReview],
    };

    /// <summary>
    /// Records an editorial verdict if the claim is still at a version <paramref name="matches"/> accepts; a verdict
    /// given before or during review marks the claim reviewed (a published claim stays published).
    /// </summary>
    public async Task<(WorkflowResult Result, Verdict? Verdict, int Version)> AddVerdictAsync(
        Guid id, Func<int, bool> matches, string rating, string? rationale, IReadOnlyList<Guid> evidenceIds, Caller caller, CancellationToken ct)
    {
        // A writer that lost the compare-and-set to a concurrent one tries again while its precondition still holds on
        // the new version: "If-Match: *" (any version) does, so such verdicts are all recorded, last one current; a
        // specific ETag does not, and is answered Stale. Each round lets one writer through, so the bound only matters
        // past that many concurrent writers of one claim.
        for (var attempt = 1; ; attempt++)
        {
            var (result, verdict, version) = await TryAddVerdictAsync(id, matches, rating, rationale, evidenceIds, caller, ct);
            if (result != WorkflowResult.Stale || attempt == MaxVerdictAttempts) return (result, verdict, version);
            db.ChangeTracker.Clear();
            var now = await db.Claims.Where(c => c.Id == id).Select(c => (int?)c.Version).SingleOrDefaultAsync(ct);
            if (now is null) return (WorkflowResult.NotFound, null, version);
            if (!matches(now.Value)) return (result, verdict, version);
        }
    }

    /// <summary>Attempts of a verdict whose precondition holds whatever the version (<c>If-Match: *</c>).</summary>
    public const int MaxVerdictAttempts = 16;

    async Task<(WorkflowResult Result, Verdict? Verdict, int Version)> TryAddVerdictAsync(
        Guid id, Func<int, bool> matches, string rating, string? rationale, IReadOnlyList<Guid> evidenceIds, Caller caller, CancellationToken ct)
    {
        var current = await db.Claims.Where(c => c.Id == id).Select(c => (int?)c.Version).SingleOrDefaultAsync(ct);
        if (current is null) return (WorkflowResult.NotFound, null, 0);
        if (!matches(current.Value)) return (WorkflowResult.Stale, null, current.Value);
        var expected = current.Value;
        if (evidenceIds.Count > 0 && await db.Evidence.CountAsync(e => e.ClaimId == id && evidenceIds.Contains(e.Id), ct) != evidenceIds.Count)
            return (WorkflowResult.UnknownEvidence, null, expected);

        var now = Platform.Timestamps.Now(time);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Compare-and-set on the version: of two concurrent verdicts with one ETag, exactly one matches. The row lock
        // it takes keeps the status and previous verdict read below as they are until the commit.
        var updated = await db.Claims.Where(c => c.Id == id && c.Version == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (updated == 0)
            return (await db.Claims.AnyAsync(c => c.Id == id, ct) ? WorkflowResult.Stale : WorkflowResult.NotFound, null, expected);
        var before = await db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => new
        {
            c.ArticleId, c.WorkflowStatus,
            Previous = c.Verdicts.Where(v => v.Kind == VerdictKind.Editorial).OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(v => v.Label).FirstOrDefault(),
        }).SingleAsync(ct);
        if (before.WorkflowStatus is WorkflowStatus.Unreviewed or WorkflowStatus.InReview)
        {
            await db.Claims.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.WorkflowStatus, WorkflowStatus.Reviewed), ct);
            StatusChanged(id, before.ArticleId, before.WorkflowStatus, WorkflowStatus.Reviewed, now);
        }

        var verdict = new Verdict
        {
            Id = Guid.CreateVersion7(now),
            ClaimId = id,
            Kind = VerdictKind.Editorial,
            Label = scale.Value.Find(rating)!.Name,
            Rationale = rationale,
            Reviewer = caller.Name,
            EvidenceIds = [.. evidenceIds],
            CreatedAt = now,
        };
        var verdicts = new Verdicts.VerdictWriter(db);
        verdicts.Editorial(before.ArticleId, verdict, before.Previous);
        Audit.Record(db, caller, now, "verdict.created", "claim", id, new { verdictId = verdict.Id, verdict.Label });
        await verdicts.SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return (WorkflowResult.Done, verdict, expected + 1);
    }

    /// <summary>Moves the claim to <paramref name="target"/> if the move is allowed and the claim still at a version <paramref name="matches"/> accepts.</summary>
    public async Task<(WorkflowResult Result, WorkflowStatus From)> ChangeStatusAsync(Guid id, Func<int, bool> matches, WorkflowStatus target, Caller caller, CancellationToken ct)
    {
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.ArticleId, c.Version, c.WorkflowStatus, HasVerdict = c.Verdicts.Any(v => v.Kind == VerdictKind.Editorial) })
            .SingleOrDefaultAsync(ct);
        if (claim is null) return (WorkflowResult.NotFound, default);
        if (!matches(claim.Version)) return (WorkflowResult.Stale, claim.WorkflowStatus);
        if (target == claim.WorkflowStatus) return (WorkflowResult.Done, claim.WorkflowStatus);
        if (!Transitions[claim.WorkflowStatus].Contains(target)) return (WorkflowResult.NotAllowed, claim.WorkflowStatus);
        if (target == WorkflowStatus.Reviewed && !claim.HasVerdict) return (WorkflowResult.NoEditorialVerdict, claim.WorkflowStatus);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Claims.Where(c => c.Id == id && c.Version == claim.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1).SetProperty(c => c.WorkflowStatus, target), ct);
        if (updated == 0) return (WorkflowResult.Stale, claim.WorkflowStatus);
        var now = Platform.Timestamps.Now(time);
        Audit.Record(db, caller, now, "claim.status_changed", "claim", id, new { from = Name(claim.WorkflowStatus), to = Name(target) });
        StatusChanged(id, claim.ArticleId, claim.WorkflowStatus, target, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (WorkflowResult.Done, claim.WorkflowStatus);
    }

    void StatusChanged(Guid claimId, Guid articleId, WorkflowStatus from, WorkflowStatus to, DateTimeOffset now) =>
        ChangeEvents.Record(db, EventTypes.ClaimStatusChanged, articleId, claimId, new ClaimStatusChangedData(claimId, articleId, Name(from), Name(to)), now);

    public static string Name(WorkflowStatus status) => SnakeCaseEnumConverter<WorkflowStatus>.NameOf(status);
}

public static class ClaimsSetup
{
    public static IHostApplicationBuilder AddClaims(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ClaimWorkflow>();
        return builder;
    }
}
