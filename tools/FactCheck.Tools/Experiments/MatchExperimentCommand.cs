using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Matching;

namespace FactCheck.Tools.Experiments;

/// <summary>
/// Two attempts at a better match ranking, measured and not served (docs/search.md): a learned re-ranker
/// over more signals (<see cref="MatchRanker"/>, <see cref="MatchFeatures"/>) and a linear adapter of the
/// query embedding (<see cref="QueryAdapter"/>). The candidates of each CLEF 2020 Task 2 tweet are the
/// running API's best 50 (POST /api/v1/claims/match over the fact-checks imported by <c>match eval</c>);
/// choices are made by five-fold cross-validation over the train tweets, the dev tweets are scored once.
/// </summary>
public static class MatchExperimentCommand
{
    const string UrlPrefix = "https://www.snopes.com/clef2020-task2/vclaim/";

    sealed record Row(string Vclaim, double Semantic, double Lexical, bool NumbersDiffer);

    sealed record Tweet(string Id, string Text, string Gold, List<Row> Candidates);

    public static async Task<int> RunAsync(string api, string? apiKey, string dataDir, string cacheDir, string? only = null)
    {
        var vclaims = File.ReadLines(Path.Combine(dataDir, "verified_claims.docs.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(p => p.Length >= 3)
            .ToDictionary(p => p[0], p => (Text: MatchEvalCommand.Unquote(p[1]), Title: MatchEvalCommand.Unquote(p[2])));
        using var client = ApiClient.Create(api, apiKey, TimeSpan.FromMinutes(5));
        var train = await CandidatesAsync(client, dataDir, cacheDir, "train");
        var dev = await CandidatesAsync(client, dataDir, cacheDir, "dev");
        if (train is null || dev is null) return 1;

        using var embedder = new MiniLmEmbedder();
        var embeddings = new EmbeddingCache(Path.Combine(cacheDir, "clef2020-minilm.bin"), embedder);
        var trainGroups = Groups(train, vclaims, embeddings);
        var devGroups = Groups(dev, vclaims, embeddings);

        var inv = CultureInfo.InvariantCulture;
        static void Say(string line) => Console.WriteLine(line);
        Say(string.Create(inv, $"CLEF 2020 Task 2: {train.Count} train tweets, {dev.Count} dev tweets; candidates: the API's best 50 (gold among them: train {Recall(train):F4}, dev {Recall(dev):F4})"));
        Say(string.Create(inv, $"served ranking before the re-ranker: train MAP@5 {Map5(trainGroups, g => g.Ids):F4}, dev MAP@5 {Map5(devGroups, g => g.Ids):F4}"));

        if (only is "sentences")
        {
            SentenceExperiment(trainGroups, devGroups, embeddings, Say);
            return 0;
        }
        var all = Enumerable.Range(0, MatchFeatures.Count).ToArray();
        var settings = new List<(string Name, int[] Features)>
        {
            ("cosine + bm25 only", [0, 3]),
            ("+ separate cosines, ranks, gap", [0, 1, 2, 3, 10, 11, 12]),
            ("+ names and speaker", [0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13]),
            ("all features", all),
        };
        var l2s = new[] { 0.0, 0.01, 0.1 };
        Say("setting                                   L2     train cv MAP@5   dev MAP@5  dev P@1");
        (string Name, int[] Features, double L2, double Cv) best = ("", all, 0, -1);
        foreach (var (name, features) in settings)
            foreach (var l2 in l2s)
            {
                var cv = CrossValidate(trainGroups, features, l2);
                var model = MatchRanker.Train(Mask(trainGroups, features).Select(g => g.Group).ToList(), l2);
                var devRanked = Map5(Mask(devGroups, features), g => Rank(model, g));
                var devP1 = P1(Mask(devGroups, features), g => Rank(model, g));
                Say(string.Create(inv, $"{name,-40} {l2,6:G3} {cv,12:F4} {devRanked,12:F4} {devP1,8:F4}"));
                if (cv > best.Cv + 1e-9) best = (name, features, l2, cv);
            }
        Say(string.Create(inv, $"chosen by train cross-validation: {best.Name}, L2 {best.L2}"));
        foreach (var l2 in new[] { 1.0, 0.1 }) AdapterExperiment(trainGroups, devGroups, l2, Say);
        SentenceExperiment(trainGroups, devGroups, embeddings, Say);
        return 0;
    }

    sealed record Scored(MatchRanker.Group Group, List<string> Ids, string Gold, float[] Query = null!, float[][][] Vectors = null!, MatchPair[] Pairs = null!, string Text = "");

    static List<Scored> Groups(List<Tweet> tweets, Dictionary<string, (string Text, string Title)> vclaims, EmbeddingCache embeddings)
    {
        var queries = tweets.Select(t => MatchText.Normalize(t.Text)).ToList();
        var texts = tweets.SelectMany(t => t.Candidates).Select(c => vclaims[c.Vclaim]).SelectMany(v => new[] { v.Text, v.Title }).Distinct().ToList();
        var queryVectors = embeddings.Get(queries);
        var textVectors = embeddings.Get(texts);
        var vectorOf = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => textVectors[x.i]);
        var result = new List<Scored>(tweets.Count);
        for (var i = 0; i < tweets.Count; i++)
        {
            var pairs = tweets[i].Candidates.Select(c =>
            {
                var v = vclaims[c.Vclaim];
                var title = string.IsNullOrWhiteSpace(v.Title) ? null : v.Title;
                return new MatchPair(v.Text, title, MiniLmEmbedder.Cosine(queryVectors[i], vectorOf[v.Text]),
                    title is null ? null : MiniLmEmbedder.Cosine(queryVectors[i], vectorOf[title]), c.Lexical, c.NumbersDiffer);
            }).ToList();
            var ids = tweets[i].Candidates.Select(c => c.Vclaim).ToList();
            var vectors = tweets[i].Candidates.Select(c => vclaims[c.Vclaim]).Select(v => string.IsNullOrWhiteSpace(v.Title) ? new[] { vectorOf[v.Text] } : [vectorOf[v.Text], vectorOf[v.Title]]).ToArray();
            result.Add(new Scored(new MatchRanker.Group(MatchFeatures.Compute(queries[i], pairs), ids.IndexOf(tweets[i].Gold)), ids, tweets[i].Gold, queryVectors[i], vectors, [.. pairs], queries[i]));
        }
        return result;
    }

    /// <summary>
    /// The query read sentence by sentence: the cosine is the best of the whole text, the text without its
    /// "— Name (@handle) date" signature and each sentence of it, against the claim or its headline. The
    /// served formula's weight is tuned on train for each reading.
    /// </summary>
    static void SentenceExperiment(List<Scored> train, List<Scored> dev, EmbeddingCache embeddings, Action<string> say)
    {
        var inv = CultureInfo.InvariantCulture;
        static List<string> Parts(string text)
        {
            var dash = text.LastIndexOf(" — ", StringComparison.Ordinal);
            var body = dash > 0 ? text[..dash].Trim() : text;
            var parts = new List<string> { body };
            parts.AddRange(FactCheck.Analysis.Text.SentenceSegmenter.Split(body).Select(span => body.Substring(span.Start, span.Length).Trim()).Where(t => t.Length >= 20));
            return parts.Distinct().ToList();
        }
        var all = train.Concat(dev).ToList();
        var parts = all.Select(g => Parts(g.Text)).ToList();
        var vectors = embeddings.Get(parts.SelectMany(p => p).Distinct().ToList());
        var flat = parts.SelectMany(p => p).Distinct().ToList();
        var vectorOf = flat.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => vectors[x.i]);
        var sentenceCosine = new Dictionary<Scored, double[]>();
        for (var k = 0; k < all.Count; k++)
        {
            var g = all[k];
            var qs = parts[k].Select(p => vectorOf[p]).ToList();
            sentenceCosine[g] = g.Vectors.Select(vs => vs.Max(v => qs.Max(q => (double)MiniLmEmbedder.Cosine(q, v)))).ToArray();
        }
        List<string> Rank(Scored g, double w, bool sentences) => g.Ids.Select((id, i) =>
            {
                var semantic = g.Vectors[i].Max(v => (double)MiniLmEmbedder.Cosine(g.Query, v));
                if (sentences) semantic = Math.Max(semantic, sentenceCosine[g][i]);
                return (id, s: w * semantic + (1 - w) * g.Pairs[i].Lexical, i);
            }).OrderByDescending(x => x.s).ThenBy(x => x.i).Select(x => x.id).ToList();
        foreach (var sentences in new[] { false, true })
        {
            var weights = Enumerable.Range(0, 21).Select(i => i / 20.0).ToList();
            var best = weights.OrderByDescending(w => Map5(train, g => Rank(g, w, sentences))).First();
            say(string.Create(inv, $"{(sentences ? "best of text, body and sentences" : "whole text"),-34} w {best:F2}: train MAP@5 {Map5(train, g => Rank(g, best, sentences)):F4}, dev MAP@5 {Map5(dev, g => Rank(g, best, sentences)):F4}, dev P@1 {P1(dev, g => Rank(g, best, sentences)):F4}"));
        }
    }

    /// <summary>The served formula (0.75 cosine + 0.25 BM25) with the query embedding adapted, out of fold on train and on dev.</summary>
    static void AdapterExperiment(List<Scored> train, List<Scored> dev, double l2, Action<string> say)
    {
        var inv = CultureInfo.InvariantCulture;
        static QueryAdapter.Example Example(Scored g) => new(g.Query, g.Vectors, g.Group.Gold);
        static List<string> Served(Scored g, QueryAdapter? adapter)
        {
            var q = adapter is null ? g.Query : adapter.Apply(g.Query);
            return g.Ids.Select((id, i) => (id, s: 0.75 * g.Vectors[i].Max(v => MiniLmEmbedder.Cosine(q, v)) + 0.25 * g.Pairs[i].Lexical, i))
                .OrderByDescending(x => x.s).ThenBy(x => x.i).Select(x => x.id).ToList();
        }
        const int folds = 5;
        double plain = 0, adapted = 0;
        for (var k = 0; k < folds; k++)
        {
            var fit = train.Where((_, i) => i % folds != k).Select(Example).ToList();
            var held = train.Where((_, i) => i % folds == k).ToList();
            var adapter = QueryAdapter.Train(fit, l2);
            plain += held.Sum(g => Ranking.AveragePrecisionAt(g.Gold, Served(g, null), 5));
            adapted += held.Sum(g => Ranking.AveragePrecisionAt(g.Gold, Served(g, adapter), 5));
        }
        var full = QueryAdapter.Train(train.Select(Example).ToList(), l2);
        say(string.Create(inv, $"adapter L2 {l2}: train cv MAP@5 {plain / train.Count:F4} -> {adapted / train.Count:F4}; dev {Map5(dev, g => Served(g, null)):F4} -> {Map5(dev, g => Served(g, full)):F4}"));
    }

    static List<Scored> Mask(List<Scored> groups, int[] keep)
    {
        var drop = Enumerable.Range(0, MatchFeatures.Count).Except(keep).ToArray();
        if (drop.Length == 0) return groups;
        return groups.Select(g => g with
        {
            Group = g.Group with
            {
                Features = g.Group.Features.Select(f =>
                {
                    var copy = (float[])f.Clone();
                    foreach (var j in drop) copy[j] = 0;
                    return copy;
                }).ToArray(),
            },
        }).ToList();
    }

    static List<string> Rank(MatchRanker model, Scored g) =>
        g.Ids.Select((id, i) => (id, s: model.Score(g.Group.Features[i]), i)).OrderByDescending(x => x.s).ThenBy(x => x.i).Select(x => x.id).ToList();

    static double CrossValidate(List<Scored> groups, int[] features, double l2)
    {
        const int folds = 5;
        var masked = Mask(groups, features);
        var total = 0.0;
        for (var k = 0; k < folds; k++)
        {
            var fit = masked.Where((_, i) => i % folds != k).Select(g => g.Group).ToList();
            var held = masked.Where((_, i) => i % folds == k).ToList();
            var model = MatchRanker.Train(fit, l2);
            total += held.Sum(g => Ranking.AveragePrecisionAt(g.Gold, Rank(model, g), 5));
        }
        return total / groups.Count;
    }

    static double Map5(List<Scored> groups, Func<Scored, List<string>> rank) => groups.Average(g => Ranking.AveragePrecisionAt(g.Gold, rank(g), 5));
    static double P1(List<Scored> groups, Func<Scored, List<string>> rank) => groups.Average(g => rank(g).FirstOrDefault() == g.Gold ? 1.0 : 0.0);
    static double Recall(List<Tweet> tweets) => tweets.Average(t => t.Candidates.Any(c => c.Vclaim == t.Gold) ? 1.0 : 0.0);

    /// <summary>The API's best 50 for every tweet of a split, kept in the cache (delete it after changing the matcher).</summary>
    static async Task<List<Tweet>?> CandidatesAsync(HttpClient client, string dataDir, string cacheDir, string split)
    {
        var path = Path.Combine(cacheDir, $"clef2020-{split}-candidates.json");
        if (File.Exists(path)) return JsonSerializer.Deserialize<List<Tweet>>(File.ReadAllText(path));
        var gold = File.ReadLines(Path.Combine(dataDir, split, "tweet-vclaim-pairs.qrels")).Select(l => l.Split('\t', ' '))
            .Where(p => p.Length >= 3 && p[0] != "").GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[2]);
        var tweets = File.ReadLines(Path.Combine(dataDir, split, "tweets.queries.tsv")).Skip(1)
            .Select(l => (Tab: l.IndexOf('\t', StringComparison.Ordinal), Line: l)).Where(x => x.Tab > 0)
            .Select(x => (Id: x.Line[..x.Tab], Text: MatchEvalCommand.CleanTweet(x.Line[(x.Tab + 1)..]))).Where(t => gold.ContainsKey(t.Id)).ToList();
        var result = new Tweet[tweets.Count];
        var failed = false;
        await Parallel.ForEachAsync(Enumerable.Range(0, tweets.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/claims/match", new { text = tweets[i].Text, limit = 50, reviewedOnly = true }, ct);
            if (!response.IsSuccessStatusCode) { failed = true; return; }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var rows = body.GetProperty("matches").EnumerateArray()
                .Where(m => m.TryGetProperty("review", out var r) && r.ValueKind == JsonValueKind.Object && r.GetProperty("url").GetString()!.StartsWith(UrlPrefix, StringComparison.Ordinal))
                .Select(m => new Row(m.GetProperty("review").GetProperty("url").GetString()![UrlPrefix.Length..],
                    m.GetProperty("semanticScore").GetDouble(), m.GetProperty("lexicalScore").GetDouble(), m.GetProperty("numbersDiffer").GetBoolean()))
                .ToList();
            result[i] = new Tweet(tweets[i].Id, tweets[i].Text, gold[tweets[i].Id], rows);
        });
        if (failed)
        {
            Console.Error.WriteLine("match requests failed: is the API running with the CLEF fact-checks imported (match eval)?");
            return null;
        }
        Directory.CreateDirectory(cacheDir);
        File.WriteAllText(path, JsonSerializer.Serialize(result));
        return [.. result];
    }
}
