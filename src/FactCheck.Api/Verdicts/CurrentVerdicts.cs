using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Verdicts;

/// <summary>
/// Keeps <c>claims.current_verdict</c> (what search filters on) equal to what the claim view shows: the
/// latest editorial verdict, else the latest automatic one. Called by <see cref="VerdictWriter"/> in the
/// transaction that wrote a verdict.
/// </summary>
public static class CurrentVerdicts
{
    public static Task<int> RefreshClaimsAsync(FactCheckDbContext db, List<Guid> claimIds, CancellationToken ct) =>
        db.Claims.Where(c => claimIds.Contains(c.Id)).ExecuteUpdateAsync(Latest, ct);

    static void Latest(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Claim> setters) =>
        setters.SetProperty(c => c.CurrentVerdict, c => c.Verdicts
            .OrderByDescending(v => v.Kind == VerdictKind.Editorial).ThenByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Select(v => v.Label).FirstOrDefault());
}
