using FactCheck.Tools;

// Reproducible training and evaluation commands (benchmarks of the service's own parts, the fetch queue, webhook
// delivery and the segmenter against npm peers, live in tests/FactCheck.Benchmarks). Run from the repository root:
//   dotnet run --project tools/FactCheck.Tools -c Release -- checkworthiness eval [--data DIR] [--dump FILE]   (FILE: the shipped model's out-of-fold scores)
//   dotnet run --project tools/FactCheck.Tools -c Release -- checkworthiness train [--data DIR] [--out FILE]
//   dotnet run --project tools/FactCheck.Tools -c Release -- checkworthiness claims [--limit N]   (fact-checked claims flagged: learned vs rules only)
//   dotnet run --project tools/FactCheck.Tools -c Release -- reliability kill --db CONN --api-dll PATH [--pages 300 --posts 4000] (scripts/reliability-kill.sh)
//   dotnet run --project tools/FactCheck.Tools -c Release -- extract eval-attribution [--show 20]   (speaker and type on AVeriTeC claims)
//   dotnet run --project tools/FactCheck.Tools -c Release -- cluster bench --db CONN --api-dll PATH [--articles N --sources N] [--capacity false | --verify-articles 40 --writers 16 --verdict-seconds 20 --soak-minutes 10 --soak-rate 1] (scripts/bench-cluster.sh)
//   dotnet run --project tools/FactCheck.Tools -c Release -- verify eval [--api http://localhost:8080] [--api-key KEY] [--limit N] [--set averitec|news] [--dump claims.jsonl]
//   dotnet run --project tools/FactCheck.Tools -c Release -- verify pipeline [--sets news,climate,averitec] [--ablate] [--choose [--write FILE]]   (no API: rules and thresholds measured)
//   dotnet run --project tools/FactCheck.Tools -c Release -- verify (cv|train) [--data FILE] [--out FILE]   (the earlier logistic stance model)
//   dotnet run --project tools/FactCheck.Tools -c Release -- verify speed [--api http://localhost:8080] [--runs 5]
//   dotnet run --project tools/FactCheck.Tools -c Release -- match eval [--api http://localhost:8080] [--api-key KEY]
//   dotnet run --project tools/FactCheck.Tools -c Release -- match cv [--api http://localhost:8080] [--only sentences]   (experiments, not served)
//   dotnet run --project tools/FactCheck.Tools -c Release -- embed bench [--n 2000]
//   dotnet run --project tools/FactCheck.Tools -c Release -- crossencoder compare --model FILE --manifest FILE [--limit N]   (a candidate against the embedded model)
//   dotnet run --project tools/FactCheck.Tools -c Release -- crossencoder base --sentences FILE --out DIR   (tools/crossencoder/train.py calls it)
//   dotnet run --project tools/FactCheck.Tools -c Release -- claims generate --db CONN [--claims 1000000] [--skeletons 100000] (scripts/bench-search.sh)
//   dotnet run --project tools/FactCheck.Tools -c Release -- analyze FILE [--sources N]
var options = ParseOptions(args.Skip(2).ToArray());
var shared = options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "checkworthiness", "clef2019-train");
var cache = options.GetValueOrDefault("cache") ?? Path.Combine(".data", "cache");

switch (args)
{
    case ["checkworthiness", "claims", ..]:
        return CheckWorthinessCommands.Claims(Path.Combine("..", "shared", "data"), int.Parse(options.GetValueOrDefault("limit") ?? "1000", System.Globalization.CultureInfo.InvariantCulture));
    case ["checkworthiness", var verb, ..] when verb is "eval" or "train":
        return CheckWorthinessCommands.Run(verb, shared, cache, options.GetValueOrDefault("out"), options.GetValueOrDefault("dump"));
    case ["cluster", "bench", ..]:
        return await ClusterBenchCommand.RunAsync(
            options.GetValueOrDefault("db") ?? Environment.GetEnvironmentVariable("FACTCHECK_DB") ?? throw new InvalidOperationException("pass --db or set FACTCHECK_DB"),
            options.GetValueOrDefault("api-dll") ?? throw new InvalidOperationException("pass --api-dll (scripts/bench-cluster.sh builds it)"),
            int.Parse(options.GetValueOrDefault("articles") ?? "120", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(options.GetValueOrDefault("sources") ?? "5", System.Globalization.CultureInfo.InvariantCulture),
            options.GetValueOrDefault("capacity") == "false" ? null : new ClusterCapacity.Settings(
                int.Parse(options.GetValueOrDefault("verify-articles") ?? "40", System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(options.GetValueOrDefault("writers") ?? "16", System.Globalization.CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("verdict-seconds") ?? "20", System.Globalization.CultureInfo.InvariantCulture)),
                TimeSpan.FromMinutes(double.Parse(options.GetValueOrDefault("soak-minutes") ?? "10", System.Globalization.CultureInfo.InvariantCulture)),
                double.Parse(options.GetValueOrDefault("soak-rate") ?? "1", System.Globalization.CultureInfo.InvariantCulture)));
    case ["reliability", "kill", ..]:
        return await KillProbeCommand.RunAsync(
            options.GetValueOrDefault("db") ?? Environment.GetEnvironmentVariable("FACTCHECK_DB") ?? throw new InvalidOperationException("pass --db or set FACTCHECK_DB"),
            options.GetValueOrDefault("api-dll") ?? throw new InvalidOperationException("pass --api-dll (scripts/reliability-kill.sh builds it)"),
            int.Parse(options.GetValueOrDefault("pages") ?? "300", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(options.GetValueOrDefault("posts") ?? "4000", System.Globalization.CultureInfo.InvariantCulture));
    case ["extract", "eval-attribution", ..]:
        return AttributionEvalCommand.Run(
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "nli", "averitec-train.json.gz"),
            int.Parse(options.GetValueOrDefault("show") ?? "20", System.Globalization.CultureInfo.InvariantCulture));
    case ["verify", "speed", ..]:
        return await VerifySpeedCommand.RunAsync(
            options.GetValueOrDefault("api") ?? "http://localhost:8080",
            options.GetValueOrDefault("api-key"),
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "verification", "climate-fever-dev.jsonl"),
            int.Parse(options.GetValueOrDefault("runs") ?? "5", System.Globalization.CultureInfo.InvariantCulture));
    case ["verify", "pipeline", ..]:
        return PipelineCommand.Run(options, Path.Combine("..", "shared", "data", "checkworthiness"));
    case ["verify", "align", ..]:
        return AlignCommand.Run(options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "verification", "news-claims-dev.jsonl"),
            int.Parse(options.GetValueOrDefault("limit") ?? "100000", System.Globalization.CultureInfo.InvariantCulture));
    case ["verify", "eval", ..] when options.GetValueOrDefault("set") == "news":
        return await NewsEvalCommand.RunAsync(
            options.GetValueOrDefault("api") ?? "http://localhost:8080",
            options.GetValueOrDefault("api-key"),
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "verification", "news-claims-dev.jsonl"),
            int.Parse(options.GetValueOrDefault("parallel") ?? "4", System.Globalization.CultureInfo.InvariantCulture),
            options.GetValueOrDefault("dump"));
    case ["verify", "eval", ..] when options.GetValueOrDefault("set") == "averitec":
        return await VerifyEvalCommand.RunAveritecAsync(
            options.GetValueOrDefault("api") ?? "http://localhost:8080",
            options.GetValueOrDefault("api-key"),
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "nli", "averitec-train.json.gz"),
            int.Parse(options.GetValueOrDefault("limit") ?? "100000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(options.GetValueOrDefault("parallel") ?? "4", System.Globalization.CultureInfo.InvariantCulture),
            options.GetValueOrDefault("dump"),
            // --skip 1000: the claims after the first 1,000, on which no rule was chosen.
            int.Parse(options.GetValueOrDefault("skip") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
    case ["verify", "eval", ..]:
        return await VerifyEvalCommand.RunAsync(
            options.GetValueOrDefault("api") ?? "http://localhost:8080",
            options.GetValueOrDefault("api-key"),
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "verification", "climate-fever-dev.jsonl"),
            int.Parse(options.GetValueOrDefault("limit") ?? "100000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(options.GetValueOrDefault("parallel") ?? "4", System.Globalization.CultureInfo.InvariantCulture),
            options.GetValueOrDefault("dump"));
    case ["verify", var verb, ..] when verb is "train" or "cv":
        // cv: the out-of-fold figures only; train: the same, then the chosen setting fitted on all rows and written.
        return VerifyTrainCommand.Run(
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "verification", "climate-fever-dev.jsonl"),
            cache, options.GetValueOrDefault("out"), write: verb == "train");
    case ["match", "eval", ..]:
        return await MatchEvalCommand.RunAsync(
            options.GetValueOrDefault("api") ?? "http://localhost:8080",
            options.GetValueOrDefault("api-key"),
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "matching", "clef2020-task2"),
            int.Parse(options.GetValueOrDefault("parallel") ?? "4", System.Globalization.CultureInfo.InvariantCulture));
    case ["match", "cv", ..]:
        // Ranking experiments measured and not served (docs/search.md): a learned re-ranker, a query adapter.
        return await FactCheck.Tools.Experiments.MatchExperimentCommand.RunAsync(
            options.GetValueOrDefault("api") ?? "http://localhost:8080",
            options.GetValueOrDefault("api-key"),
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "matching", "clef2020-task2"),
            cache, options.GetValueOrDefault("only"));
    case ["claims", "generate", ..]:
        return await ClaimGenerator.RunAsync(
            options.GetValueOrDefault("db") ?? Environment.GetEnvironmentVariable("FACTCHECK_DB") ?? throw new InvalidOperationException("pass --db or set FACTCHECK_DB"),
            int.Parse(options.GetValueOrDefault("claims") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(options.GetValueOrDefault("skeletons") ?? "100000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(options.GetValueOrDefault("seed") ?? "7", System.Globalization.CultureInfo.InvariantCulture));
    case ["db", "ensure", ..]:
    {
        // Creates the database named in --db unless it exists (connecting to the server's postgres database).
        var target = new Npgsql.NpgsqlConnectionStringBuilder(options["db"]);
        var name = target.Database!;
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(options["db"]) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
        exists.Parameters.AddWithValue("n", name);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return 0;
    }
    case ["db", "count-claims", ..]:
    {
        await using var connection = new Npgsql.NpgsqlConnection(options["db"]);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM claims", connection);
        Console.WriteLine(await count.ExecuteScalarAsync());
        return 0;
    }
    case ["embed", "bench", ..]:
    {
        // Throughput of the MiniLM embedder on claim-length sentences, batched as the service batches.
        using var embedder = new FactCheck.Analysis.Embeddings.MiniLmEmbedder();
        var n = int.Parse(options.GetValueOrDefault("n") ?? "2000", System.Globalization.CultureInfo.InvariantCulture);
        var sentences = Enumerable.Range(0, n).Select(i => $"The unemployment rate in region {i % 97} rose to {i % 13}.{i % 10} percent in {1990 + i % 35}, the statistics office said on Tuesday.").ToArray();
        embedder.Embed(sentences[..64]);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        embedder.Embed(sentences);
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} sentences in {watch.Elapsed.TotalSeconds:F1} s: {watch.Elapsed.TotalMilliseconds / n:F2} ms a sentence"));
        return 0;
    }
    case ["crossencoder", "compare", ..]:
        return FactCheck.Tools.CrossEncoder.CompareCommand.Run(options["model"], options["manifest"],
            options.GetValueOrDefault("data") ?? Path.Combine("..", "shared", "data", "verification", "climate-fever-dev.jsonl"),
            int.Parse(options.GetValueOrDefault("limit") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
    case ["crossencoder", "base", ..]:
        return FactCheck.Tools.CrossEncoder.BaseExportCommand.Run(options["sentences"], options["out"]);
    case ["analyze", var file, ..]:
    {
        // Prints what extraction finds in a text file: every claim with its annotations, as JSON.
        var text = File.ReadAllText(file);
        var analysis = FactCheck.Analysis.Claims.ClaimExtractor.CreateDefault().Analyze(text, int.Parse(options.GetValueOrDefault("sources") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(analysis, new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: FactCheck.Tools checkworthiness (eval|train) [--data DIR] [--cache DIR] [--out FILE]");
        return 2;
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var result = new Dictionary<string, string>();
    // "--name value", or "--flag" alone (followed by another option or nothing): "true".
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
        var flag = i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
        result[args[i][2..]] = flag ? "true" : args[++i];
    }
    return result;
}
