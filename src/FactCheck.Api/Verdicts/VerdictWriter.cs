using FactCheck.Api.Events;
using FactCheck.Data;

namespace FactCheck.Api.Verdicts;

/// <summary>
/// The one writer of verdicts: verification (automatic), fact-checkers (editorial) and imports (an imported
/// fact-check's rating, editorial). It adds each verdict and its <c>claim.verdict_changed</c> event to the context,
/// and after the save keeps <c>claims.current_verdict</c> (what search filters on) equal to what the claim view shows:
/// the latest editorial verdict, else the latest automatic one. Use one per transaction:
/// add verdicts, then <see cref="SaveAsync"/>, then commit.
/// </summary>
public sealed class VerdictWriter(FactCheckDbContext db)
{
    readonly HashSet<Guid> claims = [];

    /// <summary>
    /// An automatic verdict. Its event is written only when the label differs from the claim's previous automatic
    /// verdict (a re-verification that changes nothing says nothing).
    /// </summary>
    /// <param name="editorialLabel">The claim's latest editorial label, if any: it stays the current verdict.</param>
    public void Automatic(Guid articleId, Verdict verdict, string? previousAutomatic, string? editorialLabel)
    {
        Add(verdict);
        if (previousAutomatic != verdict.Label)
            Changed(articleId, verdict, previousAutomatic, editorialLabel ?? verdict.Label);
    }

    /// <summary>An editorial verdict (a fact-checker's, or an imported fact-check's rating): always an event.</summary>
    public void Editorial(Guid articleId, Verdict verdict, string? previousEditorial)
    {
        Add(verdict);
        Changed(articleId, verdict, previousEditorial, verdict.Label);
    }

    /// <summary>Saves the verdicts and their events, then refreshes the current verdict of each claim touched.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        if (claims.Count > 0) await CurrentVerdicts.RefreshClaimsAsync(db, [.. claims], ct);
        claims.Clear();
    }

    void Add(Verdict verdict)
    {
        db.Verdicts.Add(verdict);
        claims.Add(verdict.ClaimId);
    }

    void Changed(Guid articleId, Verdict verdict, string? previous, string? current) =>
        ChangeEvents.Record(db, EventTypes.VerdictChanged, articleId, verdict.ClaimId,
            new VerdictChangedData(verdict.ClaimId, articleId, verdict.Id, SnakeCaseEnumConverter<VerdictKind>.NameOf(verdict.Kind), verdict.Label,
                previous, current, verdict.Confidence, verdict.Reviewer), verdict.CreatedAt);
}
