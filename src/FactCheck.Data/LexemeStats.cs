using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Data;

/// <summary>Document frequencies of claim lexemes, as the last refresh found them.</summary>
public sealed record LexemeSnapshot(long Claims, FrozenDictionary<string, int> Frequencies)
{
    public static readonly LexemeSnapshot Empty = new(0, FrozenDictionary<string, int>.Empty);
}

/// <summary>
/// Holds the lexeme statistics in memory. They live in <c>lexeme_stats</c> so every API process shares one
/// computation: the refresher recomputes them with <c>ts_stat</c> when the claim count has moved by 5%,
/// and loads them when another process did.
/// </summary>
public sealed class LexemeStats
{
    public LexemeSnapshot Current { get; private set; } = LexemeSnapshot.Empty;

    public async Task RefreshAsync(FactCheckDbContext db, int minimumClaims, bool force, CancellationToken ct)
    {
        // The planner's estimate when it has one (free), else an exact count (the table was never analysed).
        var claims = await db.Database.SqlQuery<long>($"""
            SELECT CASE WHEN reltuples >= 100000 THEN reltuples::bigint ELSE (SELECT count(*) FROM claims) END AS "Value"
            FROM pg_class WHERE relname = 'claims' AND relkind = 'r'
            """).SingleAsync(ct);
        if (claims < minimumClaims && !force)
        {
            Current = LexemeSnapshot.Empty;
            return;
        }
        var stored = await db.Database.SqlQuery<long>($"""SELECT claims AS "Value" FROM lexeme_stats_meta WHERE id = 1""").ToListAsync(ct);
        var stale = stored.Count == 0 || Math.Abs(claims - stored[0]) > 0.05 * Math.Max(claims, 1);
        if (stale || force)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One process recomputes; the others wait for the lock and then load what it wrote.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7320001)", ct);
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync("""
                TRUNCATE lexeme_stats;
                INSERT INTO lexeme_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM claims');
                INSERT INTO lexeme_stats_meta (id, claims, computed_at) VALUES (1, (SELECT count(*) FROM claims), now())
                ON CONFLICT (id) DO UPDATE SET claims = excluded.claims, computed_at = excluded.computed_at;
                """, ct);
            await transaction.CommitAsync(ct);
        }
        else if (Current.Claims == stored[0])
        {
            return;
        }
        var rows = await db.Database.SqlQuery<LexemeRow>($"SELECT lexeme, df FROM lexeme_stats").ToListAsync(ct);
        var total = await db.Database.SqlQuery<long>($"""SELECT claims AS "Value" FROM lexeme_stats_meta WHERE id = 1""").SingleAsync(ct);
        Current = new LexemeSnapshot(total, rows.ToFrozenDictionary(r => r.Lexeme, r => r.Df, StringComparer.Ordinal));
    }

    sealed record LexemeRow(string Lexeme, int Df);
}

