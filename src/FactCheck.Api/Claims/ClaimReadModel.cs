using FactCheck.Api.Articles;
using FactCheck.Api.Verification;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Claims;

/// <summary>
/// The claim as the detail view, the single-claim check and the report read it: one set of queries for any number
/// of claims, mapped to <see cref="ClaimDetail"/> (citations, evidence with quotes and PDF pages, verdicts, earlier
/// matches, an imported review). The endpoints and the Reports slice both read claims through it.
/// </summary>
public static class ClaimReadModel
{
    public static async Task<ClaimDetail?> LoadAsync(FactCheckDbContext db, Guid id, CancellationToken ct) =>
        (await LoadManyAsync(db.Claims.Where(c => c.Id == id), ct)).SingleOrDefault();

    /// <summary>Claims with everything the detail view shows, in one set of queries however many there are.</summary>
    public static async Task<List<ClaimDetail>> LoadManyAsync(IQueryable<Claim> claims, CancellationToken ct) =>
        (await claims.AsNoTracking().AsSplitQuery()
            .Include(c => c.Article)
            .Include(c => c.Citations).ThenInclude(x => x.ArticleSource).ThenInclude(s => s.Document)
            .Include(c => c.Evidence).ThenInclude(e => e.Passage)
            .Include(c => c.Verdicts)
            .Include(c => c.PreviousMatch).ThenInclude(p => p!.Review)
            .Include(c => c.Review)
            .OrderBy(c => c.Ordinal)
            .ToListAsync(ct))
        .Select(ToDetail).ToList();

    static ClaimDetail ToDetail(Claim claim)
    {
        var sourcesByDocument = claim.Citations.Select(c => c.ArticleSource).Where(s => s.DocumentId != null)
            .GroupBy(s => s.DocumentId!.Value).ToDictionary(g => g.Key, g => g.First());
        var editorial = claim.Verdicts.Where(v => v.Kind == VerdictKind.Editorial).OrderByDescending(v => v.CreatedAt).Select(VerdictResponse.From).ToList();
        var automatic = claim.Verdicts.Where(v => v.Kind == VerdictKind.Automatic).OrderByDescending(v => v.CreatedAt).Select(VerdictResponse.From).FirstOrDefault();
        var summary = ClaimResponse.From(claim, claim.Citations.Select(c => c.ArticleSource).DistinctBy(s => s.Id).ToDictionary(s => s.Id));
        return new ClaimDetail(
            claim.Id, claim.ArticleId, claim.Article.Title, claim.Article.Url, claim.Ordinal, claim.Text, claim.Start, claim.End,
            claim.CheckWorthiness, claim.Type, claim.Speaker, summary.Entities, summary.Numbers, claim.WorkflowStatus, ETagOf(claim.Version),
            claim.Citations.OrderBy(c => c.ArticleSource.Ordinal).Select(c => new ClaimCitationDetail(
                c.ArticleSourceId, c.ArticleSource.Label, c.ArticleSource.Url, c.Kind, c.Relevance,
                c.ArticleSource.Document?.Status ?? FetchStatus.Awaiting, c.Flag)).ToList(),
            claim.Evidence.OrderByDescending(e => e.Score).Select(e =>
            {
                var source = sourcesByDocument.GetValueOrDefault(e.Passage.DocumentId);
                // The quote is the sentence within the passage; its offsets index the source document's text.
                var from = Math.Clamp(e.QuoteStart - e.Passage.Start, 0, e.Passage.Text.Length);
                var quote = e.Passage.Text[from..Math.Clamp(e.QuoteEnd - e.Passage.Start, from, e.Passage.Text.Length)];
                var pages = e.Passage.Document?.PageStarts ?? source?.Document?.PageStarts;
                return new EvidenceResponse(e.Id, source?.Id ?? Guid.Empty, source?.Label ?? "", source?.Url, quote,
                    e.QuoteStart, e.QuoteEnd, e.Stance, e.Score, e.Reasons, pages is { Count: > 0 } ? Analysis.Documents.PdfText.PageAt(pages, e.QuoteStart) : null);
            }).ToList(),
            automatic, editorial, editorial.FirstOrDefault() ?? automatic, summary.PreviouslyChecked,
            Search.ImportedReview.From(claim.Review));
    }

    /// <summary>A claim's ETag: its version, for If-Match.</summary>
    public static string ETagOf(int version) => $"\"v{version}\"";
}
