using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Matching;
using FactCheck.Analysis.Text;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Search;

/// <summary>What to look for and among which claims.</summary>
/// <param name="Text">The claim to match.</param>
/// <param name="Vector">Its embedding when already known (a stored claim); else it is computed.</param>
/// <param name="ExcludeClaimId">Leave this claim out (itself, for "similar").</param>
/// <param name="ReviewedOnly">Only claims a fact-checker reviewed or published, imported fact-checks included.</param>
public sealed record MatchQuery(string Text, float[]? Vector = null, Guid? ExcludeClaimId = null, bool ReviewedOnly = false, int Limit = 10);

/// <summary>One earlier claim and how close it is.</summary>
/// <param name="Score">The combined score, 0–1: MiniLM cosine and normalised BM25, less the number penalty.</param>
/// <param name="SemanticScore">The MiniLM cosine of the two claims.</param>
/// <param name="LexicalScore">BM25 of the candidate for the query's lexemes, normalised by the best candidate's.</param>
/// <param name="NumbersDiffer">Both state numbers and they differ.</param>
public sealed record MatchCandidate(Guid ClaimId, double Score, double SemanticScore, double LexicalScore, bool NumbersDiffer);

/// <summary>
/// Finds earlier claims that say the same thing. Candidates come from the full-text index through the
/// query's rarest lexemes (short posting lists, so this stays fast at a million claims; trigram similarity
/// over whole sentences does not), are ranked by BM25 computed here from the lexeme statistics, and the
/// best of them re-ranked by MiniLM embeddings stored per claim. Numbers matter: "inflation rose 3%" and
/// "inflation rose 8%" are related, not the same claim.
/// </summary>
public sealed class ClaimMatcher(FactCheckDbContext db, ISentenceEmbedder embedder, LexemeStats stats, IOptions<MatchingOptions> options)
{
    const double K1 = 1.2, B = 0.75;

    public async Task<List<MatchCandidate>> FindAsync(MatchQuery query, CancellationToken ct)
    {
        var o = options.Value;
        query = query with { Text = MatchText.Normalize(query.Text) };
        var lexemes = await db.Database
            .SqlQuery<string>($"""SELECT unnest(tsvector_to_array(to_tsvector('english'::regconfig, {query.Text}))) AS "Value" """)
            .ToListAsync(ct);
        if (lexemes.Count == 0) return [];

        var snapshot = stats.Current;
        var tsquery = CandidateQuery(lexemes, snapshot, o);
        var exclude = query.ExcludeClaimId ?? Guid.Empty;
        var candidates = query.ReviewedOnly
            ? await db.Database.SqlQuery<CandidateRow>($"""
                SELECT id, tsvector_to_array(search_vector) AS lexemes FROM claims
                WHERE search_vector @@ {tsquery}::tsquery AND id <> {exclude} AND workflow_status IN ('reviewed', 'published')
                LIMIT {o.CandidateCap}
                """).ToListAsync(ct)
            : await db.Database.SqlQuery<CandidateRow>($"""
                SELECT id, tsvector_to_array(search_vector) AS lexemes FROM claims
                WHERE search_vector @@ {tsquery}::tsquery AND id <> {exclude}
                LIMIT {o.CandidateCap}
                """).ToListAsync(ct);
        if (candidates.Count == 0) return [];

        var lexical = Bm25(lexemes, candidates, snapshot);
        var top = lexical.OrderByDescending(x => x.Score).Take(o.RerankDepth).ToList();
        var best = Math.Max(top[0].Score, 1e-9);
        var ids = top.Select(t => t.Id).ToList();
        var rows = await db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Text, c.Embedding, c.ContextEmbedding, c.Numbers }).ToListAsync(ct);

        var vector = query.Vector ?? embedder.Embed([query.Text])[0];
        var missing = rows.Where(r => r.Embedding is null).ToList();
        var computed = missing.Count == 0 ? [] : embedder.Embed(missing.Select(m => m.Text).ToList());
        var vectorOf = rows.Where(r => r.Embedding is not null).ToDictionary(r => r.Id, r => ClaimVectors.Decode(r.Embedding));
        for (var i = 0; i < missing.Count; i++) vectorOf[missing[i].Id] = computed[i];
        var queryNumbers = NumberSet(Numbers.Find(query.Text, new TextSpan(0, query.Text.Length)).Select(n => n.Value));

        var byId = rows.ToDictionary(r => r.Id);
        return top.Where(t => byId.ContainsKey(t.Id)).Select(t =>
            {
                // The closer of the claim and its context (an imported fact-check's headline).
                var context = byId[t.Id].ContextEmbedding;
                var semantic = Math.Max(ClaimVectors.Cosine(vector, vectorOf[t.Id]), context is null ? -1 : ClaimVectors.Cosine(vector, ClaimVectors.Decode(context)));
                var normalised = t.Score / best;
                var differ = NumbersDiffer(queryNumbers, byId[t.Id].Numbers);
                var score = o.SemanticWeight * semantic + (1 - o.SemanticWeight) * normalised - (differ ? o.NumberMismatchPenalty : 0);
                return new MatchCandidate(t.Id, Math.Round(Math.Clamp(score, 0, 1), 4), Math.Round(semantic, 4), Math.Round(normalised, 4), differ);
            })
            .OrderByDescending(m => m.Score).ThenBy(m => m.ClaimId)
            .Take(query.Limit)
            .ToList();
    }

    /// <summary>
    /// The query's rarest lexemes, taken while their frequencies add up to the budget (at least one):
    /// their posting lists are short, so the index answers in milliseconds whatever the table's size.
    /// Without statistics (a small database) every lexeme is used.
    /// </summary>
    internal static string CandidateQuery(IReadOnlyList<string> lexemes, LexemeSnapshot snapshot, MatchingOptions o)
    {
        static string Quote(string t) => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'";
        if (snapshot.Claims == 0) return string.Join(" | ", lexemes.Take(o.MaxTerms * 2).Select(Quote));
        var (chosen, common) = ChooseTerms(lexemes, snapshot, o);
        // Only common words (every one over the budget): their intersection is what is rare.
        if (common && chosen.Count == 0)
        {
            var rarest = lexemes.OrderBy(l => snapshot.Frequencies.GetValueOrDefault(l)).Take(3).Select(Quote).ToList();
            return string.Join(" & ", rarest);
        }
        if (common)
        {
            // Rare words, or-ed, plus the two rarest common ones together (still cheap to intersect).
            var pair = lexemes.Where(l => !chosen.Contains(l)).OrderBy(l => snapshot.Frequencies.GetValueOrDefault(l)).Take(2).Select(Quote).ToList();
            return string.Join(" | ", chosen.Select(Quote)) + (pair.Count == 2 ? $" | ({pair[0]} & {pair[1]})" : "");
        }
        return string.Join(" | ", chosen.Select(Quote));
    }

    /// <returns>The chosen terms, and whether words were left out for being too common.</returns>
    internal static (List<string> Terms, bool LeftOut) ChooseTerms(IReadOnlyList<string> lexemes, LexemeSnapshot snapshot, MatchingOptions o)
    {
        var chosen = new List<string>();
        long total = 0;
        var counted = 0;
        foreach (var (lexeme, df) in lexemes.Select(l => (l, snapshot.Frequencies.GetValueOrDefault(l))).OrderBy(x => x.Item2))
        {
            // Lexemes no claim had at the last count cost nothing (handles, links, typos): they do not use up a slot.
            if (df == 0) { chosen.Add(lexeme); continue; }
            if (total + df > o.TermBudget || counted >= o.MaxTerms) return (chosen, true);
            chosen.Add(lexeme);
            total += df;
            counted++;
        }
        return (chosen, false);
    }

    /// <summary>BM25 over lexeme sets (a tsvector lists each lexeme once, so term frequency is 1).</summary>
    static List<(Guid Id, double Score)> Bm25(IReadOnlyList<string> query, List<CandidateRow> candidates, LexemeSnapshot snapshot)
    {
        var local = snapshot.Claims == 0;
        long n = local ? candidates.Count + 1 : snapshot.Claims;
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in query)
            df[term] = local ? candidates.Count(c => c.Lexemes.Contains(term)) : snapshot.Frequencies.GetValueOrDefault(term, 1);
        var averageLength = candidates.Average(c => (double)c.Lexemes.Length);
        var result = new List<(Guid, double)>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var set = candidate.Lexemes;
            var norm = K1 * (1 - B + B * set.Length / averageLength);
            var score = 0.0;
            foreach (var term in query)
            {
                if (Array.IndexOf(set, term) < 0) continue;
                var idf = Math.Log(1 + (n - df[term] + 0.5) / (df[term] + 0.5));
                score += idf * (K1 + 1) / (1 + norm);
            }
            result.Add((candidate.Id, score));
        }
        return result;
    }

    static HashSet<double> NumberSet(IEnumerable<double> values) => values.Select(v => Math.Round(v, 4)).ToHashSet();

    static bool NumbersDiffer(HashSet<double> query, string storedJson)
    {
        if (query.Count == 0 || storedJson.Length <= 2) return false;
        using var doc = System.Text.Json.JsonDocument.Parse(storedJson);
        var stored = NumberSet(doc.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("value", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number)
            .Select(e => e.GetProperty("value").GetDouble()));
        return stored.Count > 0 && !stored.SetEquals(query);
    }

    sealed record CandidateRow(Guid Id, string[] Lexemes);
}
