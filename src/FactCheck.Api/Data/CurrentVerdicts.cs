using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Data;

/// <summary>
/// Keeps <c>claims.current_verdict</c> (what search filters on) equal to what the claim view shows: the
/// latest editorial verdict, else the latest automatic one. Called in the transaction that wrote a verdict.
/// </summary>
public static class CurrentVerdicts
{
    public static Task<int> RefreshArticleAsync(FactCheckDbContext db, Guid articleId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE claims c SET current_verdict = (
                SELECT v.label FROM verdicts v WHERE v.claim_id = c.id
                ORDER BY (v.kind = 'editorial') DESC, v.created_at DESC, v.id DESC LIMIT 1)
            WHERE c.article_id = {articleId}
            """, ct);

    public static Task<int> RefreshClaimAsync(FactCheckDbContext db, Guid claimId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE claims c SET current_verdict = (
                SELECT v.label FROM verdicts v WHERE v.claim_id = c.id
                ORDER BY (v.kind = 'editorial') DESC, v.created_at DESC, v.id DESC LIMIT 1)
            WHERE c.id = {claimId}
            """, ct);
}
