using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Text;
using FactCheck.Data;
using Npgsql;
using NpgsqlTypes;

namespace FactCheck.Tools;

/// <summary>
/// Loads realistic claims with their articles into a migrated database for load tests, by binary COPY.
/// Claims come from templates (statistics, quotes, events, comparisons, causal claims) over gazetteers of
/// places, bodies, people and measures, with numbers and years drawn at random, so the full-text index
/// sees a realistic vocabulary with common and rare words. Embeddings: each claim gets the MiniLM
/// vector of its template filled with its slot words but the first number variant ("skeleton"); numbers
/// barely move MiniLM vectors, and embedding a million sentences here would take over an hour. About
/// one claim in ten is reviewed or published with an editorial verdict.
/// </summary>
public static class ClaimGenerator
{
    static readonly string[] Places =
    [
        "Spain", "Portugal", "France", "Germany", "Italy", "Poland", "Greece", "Ireland", "Sweden", "Norway", "Finland", "Denmark",
        "the Netherlands", "Belgium", "Austria", "Hungary", "Romania", "Bulgaria", "Croatia", "Serbia", "Ukraine", "Russia", "Turkey",
        "Brazil", "Argentina", "Chile", "Mexico", "Canada", "the United States", "India", "Pakistan", "China", "Japan", "South Korea",
        "North Korea", "Vietnam", "Indonesia", "Australia", "New Zealand", "Nigeria", "Kenya", "Egypt", "South Africa", "Morocco",
        "Texas", "California", "Florida", "Ohio", "Scotland", "Wales", "Bavaria", "Catalonia", "Quebec", "Ontario", "London",
        "Paris", "Berlin", "Madrid", "Rome", "Warsaw", "Athens", "Dublin", "Lagos", "Nairobi", "Mumbai", "Delhi", "Tokyo", "Seoul",
        "Sydney", "Toronto", "Chicago", "Houston", "Manchester", "Birmingham", "Lyon", "Marseille", "Milan", "Naples", "Porto",
    ];

    static readonly string[] Measures =
    [
        "unemployment", "youth unemployment", "inflation", "food inflation", "the murder rate", "violent crime", "burglary",
        "the birth rate", "life expectancy", "child poverty", "homelessness", "rents", "house prices", "the minimum wage",
        "average wages", "public debt", "the budget deficit", "exports", "imports", "car sales", "electricity prices",
        "petrol prices", "coal consumption", "carbon emissions", "renewable energy output", "the vaccination rate",
        "hospital waiting times", "the number of nurses", "teacher pay", "school enrolment", "university fees", "tourist arrivals",
        "asylum applications", "net migration", "police numbers", "prison overcrowding", "road deaths", "air pollution",
        "obesity", "smoking", "broadband coverage", "military spending", "foreign aid", "wheat production", "rice prices",
    ];

    static readonly string[] People =
    [
        "the prime minister", "the president", "the finance minister", "the health secretary", "the opposition leader",
        "the central bank governor", "the mayor", "the interior minister", "the education minister", "the defence minister",
        "Maria Lopez", "John Carter", "Amina Bello", "Kenji Sato", "Olga Petrova", "Luca Romano", "Ana Costa", "Peter Novak",
        "Fatima Khan", "David Cohen", "Sofia Andersson", "Mehmet Yilmaz", "Chen Wei", "Priya Sharma", "Carlos Mendes",
    ];

    static readonly string[] Bodies =
    [
        "the statistics office", "the central bank", "Eurostat", "the IMF", "the World Bank", "the OECD", "the health ministry",
        "the interior ministry", "the police", "a government report", "an independent audit", "the election commission",
        "the UN", "the WHO", "the treasury", "a university study", "the energy regulator", "the transport ministry",
    ];

    static readonly string[] Rises = ["rose", "increased", "climbed", "jumped", "grew"];
    static readonly string[] Falls = ["fell", "dropped", "declined", "decreased", "slumped"];
    static readonly string[] Publishers =
    [
        "Daily Ledger", "The Morning Post", "Evening Standard Times", "Coastal Herald", "Metro Wire", "National Courier", "The Observer Today",
        "City Tribune", "Global Dispatch", "Valley News", "Northern Echo Press", "Southern Gazette", "Capital Journal", "Harbour Times",
        "Frontier Report", "River City Chronicle", "Union Daily", "Continental Review", "Pacific Bulletin", "Atlantic Register",
    ];

    static readonly string[] Verdicts = ["true", "mostly_true", "half_true", "mostly_false", "false", "misleading"];

    // A long tail of proper names, as real news has: towns, districts, people and firms made of syllables.
    // Drawn with a power law, so a few are common and most are rare (like real names in the news).
    static readonly string[] Syllables =
    [
        "al", "bar", "cor", "den", "el", "fen", "gar", "hol", "is", "jor", "kal", "lin", "mor", "nor", "ost", "pel", "quin", "ros",
        "sal", "tor", "ul", "var", "wes", "yar", "zan", "bri", "cas", "dun", "est", "fal", "gil", "har", "ing", "kel", "lom", "mar",
        "nev", "orm", "pra", "rav",
    ];
    static readonly string[] TownEndings = ["ton", "ford", "wick", "by", "stad", "burg", "ville", "mouth", "field", "dale", "haven", "grad"];
    static readonly string[] Sectors = ["Water", "Rail", "Power", "Steel", "Grain", "Health", "Housing", "Telecom", "Shipping", "Mining", "Textile", "Bank"];
    static readonly string[] Qualifiers = ["", "", "", "rural ", "urban ", "long-term ", "female ", "male ", "regional ", "seasonal ", "child ", "adult ", "graduate ", "industrial "];

    /// <summary>A power-law draw in [0, n): index 0 most often, the tail rarely.</summary>
    static int Zipf(Random r, int n) => (int)(n * Math.Pow(r.NextDouble(), 3));

    static string Name(Random r, int parts, int salt)
    {
        var index = Zipf(r, 60_000) + salt;
        var sb = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            sb.Append(Syllables[index % Syllables.Length]);
            index /= Syllables.Length;
        }
        return char.ToUpperInvariant(sb[0]) + sb.ToString(1, sb.Length - 1);
    }

    static string Town(Random r) => Name(r, 2, 7) + TownEndings[r.Next(TownEndings.Length)];
    static string Surname(Random r) => Name(r, 3, 13) + (r.Next(3) == 0 ? "son" : r.Next(2) == 0 ? "ova" : "");
    static string Firm(Random r) => $"{Name(r, 2, 29)} {Sectors[r.Next(Sectors.Length)]}";

    /// <summary>A claim template filled with words; numbers are drawn per claim.</summary>
    static string Fill(Random r, int kind, out string type)
    {
        var place = r.Next(3) == 0 ? $"{Town(r)}, {Pick(r, Places)}" : Pick(r, Places);
        var measure = Pick(r, Qualifiers) + Pick(r, Measures);
        var body = r.Next(4) == 0 ? $"the {Town(r)} council" : Pick(r, Bodies);
        var person = r.Next(2) == 0 ? $"{Pick(r, ["Senator", "Councillor", "Minister", "Governor", "Mayor", "Professor"])} {Surname(r)}" : Pick(r, People);
        var year = 1995 + r.Next(32);
        var pct = (r.Next(1, 400) / 10.0).ToString("0.#", CultureInfo.InvariantCulture);
        var count = r.Next(2, 900).ToString(CultureInfo.InvariantCulture);
        switch (kind)
        {
            case 0:
                type = "statistic";
                return $"{Cap(measure)} in {place} {Pick(r, Rises)} to {pct}% in {year}, according to {body}.";
            case 1:
                type = "statistic";
                return $"{Cap(measure)} in {place} {Pick(r, Falls)} by {pct} percent between {year} and {year + 1 + r.Next(5)}.";
            case 2:
                type = "quote";
                return $"{Cap(person)} said that {measure} in {place} is the highest it has been since {year}.";
            case 3:
                type = "comparison";
                return $"{place} spends more on {measure.Replace("the ", "", StringComparison.Ordinal)} than {Pick(r, Places)} and {Pick(r, Places)} combined.";
            case 4:
                type = "event";
                return r.Next(2) == 0
                    ? $"{Cap(person)} announced {count} million euros for {measure.Replace("the ", "", StringComparison.Ordinal)} in {place} in {year}."
                    : $"{Firm(r)} paid {count} million euros to {Surname(r)} Holdings for a contract in {place} in {year}.";
            case 5:
                type = "causal";
                return $"The new policy in {place} caused {measure} to double within {r.Next(2, 9)} years, {body} found.";
            default:
                type = "statistic";
                return $"There were {count},000 cases of {measure.Replace("the ", "", StringComparison.Ordinal)} recorded in {place} in {year}, {body} reported.";
        }
    }

    static string Pick(Random r, string[] items) => items[r.Next(items.Length)];
    static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    public static async Task<int> RunAsync(string connectionString, int claims, int skeletons, int seed)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(seed);
        // Skeletons: templates filled with words (the claim's meaning); claims reuse a skeleton's words with new numbers.
        var skeletonSeeds = Enumerable.Range(0, skeletons).Select(_ => (Kind: random.Next(7), Seed: random.Next())).ToArray();
        var skeletonTexts = skeletonSeeds.Select(s => Fill(new Random(s.Seed), s.Kind, out _)).ToArray();
        Console.WriteLine($"embedding {skeletons:N0} skeleton claims with MiniLM...");
        using var embedder = new MiniLmEmbedder();
        var vectors = new byte[skeletons][];
        var chunks = Enumerable.Range(0, (skeletons + 255) / 256).ToList();
        Parallel.ForEach(chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            var start = c * 256;
            var slice = skeletonTexts.Skip(start).Take(256).ToList();
            var embedded = embedder.Embed(slice);
            for (var i = 0; i < slice.Count; i++) vectors[start + i] = ClaimVectors.Encode(embedded[i]);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedded in {watch.Elapsed.TotalSeconds:F0} s"));

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        async Task Exec(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }
        // Bulk load without the GIN index, then build it once: much faster than maintaining it row by row.
        await Exec("DROP INDEX IF EXISTS ix_claims_search_vector");

        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var baseTime = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var articleCount = 0;
        var written = 0;
        var verdicts = new List<(Guid Claim, string Label, DateTimeOffset At)>();
        await using (var articles = await connection.BeginBinaryImportAsync(
            "COPY articles (id, title, url, publisher, published_at, language, body, content_hash, status, submitted_by, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        await using (var claimRows = await OpenClaimsCopyAsync(dataSource))
        {
            while (written < claims)
            {
                var perArticle = Math.Min(2 + random.Next(7), claims - written);
                var created = baseTime.AddSeconds(articleCount * 30 + random.Next(30));
                var articleId = Guid.CreateVersion7(created);
                var body = new StringBuilder();
                var rows = new List<(string Text, string Type, int Start, int End, byte[] Vector)>();
                for (var i = 0; i < perArticle; i++)
                {
                    var s = random.Next(skeletons);
                    // Same words as the skeleton, numbers drawn anew: a new claim on a known topic.
                    var numbers = new Random(skeletonSeeds[s].Seed);
                    var text = FillWithNumbers(numbers, random, skeletonSeeds[s].Kind, out var type);
                    if (body.Length > 0) body.Append(' ');
                    rows.Add((text, type, body.Length, body.Length + text.Length, vectors[s]));
                    body.Append(text);
                }
                var bodyText = body.ToString();
                await articles.StartRowAsync();
                await articles.WriteAsync(articleId, NpgsqlDbType.Uuid);
                await articles.WriteAsync(rows[0].Text.Length <= 120 ? rows[0].Text : rows[0].Text[..120], NpgsqlDbType.Text);
                await articles.WriteAsync($"https://news.example.com/{articleCount}", NpgsqlDbType.Text);
                await articles.WriteAsync(Pick(random, Publishers), NpgsqlDbType.Text);
                await articles.WriteAsync(created.AddDays(-random.Next(3650)), NpgsqlDbType.TimestampTz);
                await articles.WriteAsync("en", NpgsqlDbType.Text);
                await articles.WriteAsync(bodyText, NpgsqlDbType.Text);
                await articles.WriteAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(bodyText))), NpgsqlDbType.Text);
                await articles.WriteAsync("verified", NpgsqlDbType.Text);
                await articles.WriteAsync("generator", NpgsqlDbType.Text);
                await articles.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await articles.WriteAsync(created, NpgsqlDbType.TimestampTz);

                for (var i = 0; i < rows.Count; i++)
                {
                    var (text, type, start, end, vector) = rows[i];
                    var claimId = Guid.CreateVersion7(created);
                    var reviewed = random.Next(10) == 0;
                    var verdict = reviewed ? Pick(random, Verdicts) : null;
                    if (verdict is not null) verdicts.Add((claimId, verdict, created.AddHours(1)));
                    var found = Numbers.Find(text, new TextSpan(0, text.Length))
                        .Select(n => new { n.Text, n.Value, Kind = n.Kind.ToString().ToLowerInvariant(), n.Unit, n.Date, Start = n.Span.Start, End = n.Span.End });
                    await claimRows.StartRowAsync();
                    await claimRows.WriteAsync(claimId, NpgsqlDbType.Uuid);
                    await claimRows.WriteAsync(articleId, NpgsqlDbType.Uuid);
                    await claimRows.WriteAsync(i + 1, NpgsqlDbType.Integer);
                    await claimRows.WriteAsync(text, NpgsqlDbType.Text);
                    await claimRows.WriteAsync(start, NpgsqlDbType.Integer);
                    await claimRows.WriteAsync(end, NpgsqlDbType.Integer);
                    await claimRows.WriteAsync(Math.Round(0.3 + random.NextDouble() * 0.7, 4), NpgsqlDbType.Double);
                    await claimRows.WriteAsync(type, NpgsqlDbType.Text);
                    await claimRows.WriteAsync(new[] { "generated" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                    await claimRows.WriteAsync(i, NpgsqlDbType.Integer);
                    await claimRows.WriteAsync("[]", NpgsqlDbType.Jsonb);
                    await claimRows.WriteAsync(JsonSerializer.Serialize(found, json), NpgsqlDbType.Jsonb);
                    await claimRows.WriteAsync(reviewed ? (random.Next(2) == 0 ? "reviewed" : "published") : "unreviewed", NpgsqlDbType.Text);
                    await claimRows.WriteAsync(reviewed ? 2 : 1, NpgsqlDbType.Integer);
                    await claimRows.WriteAsync(created, NpgsqlDbType.TimestampTz);
                    if (verdict is null) await claimRows.WriteNullAsync(); else await claimRows.WriteAsync(verdict, NpgsqlDbType.Text);
                    await claimRows.WriteAsync(vector, NpgsqlDbType.Bytea);
                }
                written += rows.Count;
                articleCount++;
                if (articleCount % 20000 == 0) Console.WriteLine($"  {written:N0} claims, {articleCount:N0} articles");
            }
            await articles.CompleteAsync();
            await claimRows.CompleteAsync();
        }
        await using (var verdictRows = await connection.BeginBinaryImportAsync(
            "COPY verdicts (id, claim_id, kind, label, rationale, reviewer, evidence_ids, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (claim, label, at) in verdicts)
            {
                await verdictRows.StartRowAsync();
                await verdictRows.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid);
                await verdictRows.WriteAsync(claim, NpgsqlDbType.Uuid);
                await verdictRows.WriteAsync("editorial", NpgsqlDbType.Text);
                await verdictRows.WriteAsync(label, NpgsqlDbType.Text);
                await verdictRows.WriteAsync("Generated for load tests.", NpgsqlDbType.Text);
                await verdictRows.WriteAsync("generator", NpgsqlDbType.Text);
                await verdictRows.WriteAsync(Array.Empty<Guid>(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                await verdictRows.WriteAsync(at, NpgsqlDbType.TimestampTz);
            }
            await verdictRows.CompleteAsync();
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"copied {written:N0} claims, {articleCount:N0} articles, {verdicts.Count:N0} verdicts at {watch.Elapsed.TotalSeconds:F0} s; building the full-text index..."));
        await Exec("SET maintenance_work_mem = '512MB'; CREATE INDEX IF NOT EXISTS ix_claims_search_vector ON claims USING gin (search_vector)");
        await Exec("ANALYZE articles; ANALYZE claims; ANALYZE verdicts;");
        // The matcher's lexeme statistics, computed now so the API starts with them.
        await using (var db = FactCheck.Data.DatabaseExtensions.CreateContext(connectionString))
            await new LexemeStats().RefreshAsync(db, minimumClaims: 0, force: true, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {watch.Elapsed.TotalSeconds:F0} s"));
        return 0;
    }

    static async Task<NpgsqlBinaryImporter> OpenClaimsCopyAsync(NpgsqlDataSource dataSource)
    {
        // A second connection: two COPY streams cannot share one.
        var connection = await dataSource.OpenConnectionAsync();
        return await connection.BeginBinaryImportAsync(
            "COPY claims (id, article_id, ordinal, text, start, \"end\", check_worthiness, type, reasons, sentence_index, entities, numbers, workflow_status, version, created_at, current_verdict, embedding) FROM STDIN (FORMAT BINARY)");
    }

    /// <summary>The skeleton's words (same seed) with numbers from <paramref name="numbers"/>.</summary>
    static string FillWithNumbers(Random words, Random numbers, int kind, out string type)
    {
        // Words come from the skeleton's generator; numbers come from a shared one, so the text differs.
        var text = Fill(words, kind, out type);
        return System.Text.RegularExpressions.Regex.Replace(text, @"\d+(\.\d+)?", m =>
            m.Value.Length == 4 && m.Value.StartsWith('1') || m.Value.StartsWith('2') && m.Value.Length == 4
                ? (1995 + numbers.Next(32)).ToString(CultureInfo.InvariantCulture)
                : m.Value.Contains('.', StringComparison.Ordinal)
                    ? (numbers.Next(1, 400) / 10.0).ToString("0.#", CultureInfo.InvariantCulture)
                    : numbers.Next(2, 900).ToString(CultureInfo.InvariantCulture));
    }
}
