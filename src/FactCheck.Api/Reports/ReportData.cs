using FactCheck.Api.Claims;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Reports;

/// <summary>What a report shows: the article with its sources, and each claim as the claim view has it.</summary>
public sealed record ReportData(Article Article, IReadOnlyList<ClaimDetail> Claims)
{
    public static async Task<ReportData?> LoadAsync(FactCheckDbContext db, Guid id, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().AsSplitQuery()
            .Include(a => a.Sources).ThenInclude(s => s.Document)
            .SingleOrDefaultAsync(a => a.Id == id, ct);
        if (article is null) return null;
        var claims = await ClaimReadModel.LoadManyAsync(db.Claims.Where(c => c.ArticleId == id), ct);
        return new ReportData(article, [.. claims.OrderBy(c => c.Ordinal)]);
    }
}
