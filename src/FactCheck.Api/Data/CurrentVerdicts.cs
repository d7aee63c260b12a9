using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Data;

/// <summary>
/// Keeps <c>claims.current_verdict</c> (what search filters on) equal to what the claim view shows: the
/// latest editorial verdict, else the latest automatic one. Called in the transaction that wrote a verdict.
/// </summary>
public static class CurrentVerdicts
{
    public static Task<int> RefreshArticleAsync(FactCheckDbContext db, Guid articleId, CancellationToken ct) =>
        db.Claims.Where(c => c.ArticleId == articleId).ExecuteUpdateAsync(Latest, ct);

    public static Task<int> RefreshClaimAsync(FactCheckDbContext db, Guid claimId, CancellationToken ct) =>
        db.Claims.Where(c => c.Id == claimId).ExecuteUpdateAsync(Latest, ct);

    static void Latest(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Claim> setters) =>
        setters.SetProperty(c => c.CurrentVerdict, c => c.Verdicts
            .OrderByDescending(v => v.Kind == VerdictKind.Editorial).ThenByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Select(v => v.Label).FirstOrDefault());
}
