using System.Security.Cryptography;
using System.Text;
using FactCheck.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Sources;

/// <summary>The documents behind sources: a fetched page (one per normalised URL, shared) or pasted text.</summary>
public static class SourceDocuments
{
    /// <summary>
    /// One document per normalised URL, created or found atomically, so concurrent articles citing the
    /// same page share it instead of racing to insert duplicates.
    /// </summary>
    /// <param name="caller">Owner of the fetch if the document is new: it counts against the caller's pending fetches.</param>
    public static async Task<Guid> UpsertAsync(FactCheckDbContext db, string url, Security.Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var normalized = UrlNormalizer.Normalize(url) ?? url;
        var id = Guid.CreateVersion7(now);
        var pending = SnakeCaseEnumConverter<FetchStatus>.NameOf(FetchStatus.Pending);
        // Not composable (an INSERT cannot be a subquery): materialise as written, then take the one row.
        var ids = await db.Database.SqlQuery<Guid>(
            $"""
            INSERT INTO documents (id, normalized_url, url, status, attempts, next_attempt_at, requested_by, created_at, updated_at)
            VALUES ({id}, {normalized}, {url}, {pending}, 0, {now}, {caller.KeyId}, {now}, {now})
            ON CONFLICT (normalized_url) WHERE normalized_url IS NOT NULL
            DO UPDATE SET updated_at = documents.updated_at
            RETURNING id AS "Value"
            """).ToListAsync(ct);
        return ids.Single();
    }

    public static Document Pasted(string content, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        return new Document
        {
            Id = id,
            Status = FetchStatus.Fetched,
            Text = content,
            ContentHash = Hash(content),
            ContentType = "text/plain",
            FetchedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            // Pasted text is searched for evidence like fetched text.
            Passages = FetchQueue.Passages(id, content, now).ToList(),
        };
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
