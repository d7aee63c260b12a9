using System.Globalization;
using BenchmarkDotNet.Running;
using FactCheck.Benchmarks;

// Micro-benchmarks (BenchmarkDotNet):
//   dotnet run -c Release --project tests/FactCheck.Benchmarks -- --filter '*'
// Load runs of the service's own parts, in process, on a real PostgreSQL and pages served on 127.0.0.1:
//   dotnet run -c Release --project tests/FactCheck.Benchmarks -- fetch --db CONN [--documents 1000 --hosts 20 --workers 2]   (scripts/bench-fetch.sh)
//   dotnet run -c Release --project tests/FactCheck.Benchmarks -- webhooks --db CONN [--events 1000 --articles 100 --latency-events 200]   (scripts/bench-webhooks.sh)
// The sentence segmenter against npm peers (golden rules and throughput on the same text):
//   dotnet run -c Release --project tests/FactCheck.Benchmarks -- segments [--rules FILE]   (scripts/compare-segmenters.sh)
// How far a two-sentence window's blended vector is from its own (the verdict pipeline's shortcut), on the speed test's sources:
//   dotnet run -c Release --project tests/FactCheck.Benchmarks -- window-vectors
//   dotnet run -c Release --project tests/FactCheck.Benchmarks -- stored-vectors
var options = new Dictionary<string, string>();
// Options of the load runs only ("fetch --db CONN …"); anything else is BenchmarkDotNet's ("--filter '*'").
for (var i = 1; args.Length > 0 && args[0] is "fetch" or "webhooks" or "segments" && i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected an option, got '{args[i]}'");
    options[args[i][2..]] = args[i + 1];
}
string Db() => options.GetValueOrDefault("db") ?? Environment.GetEnvironmentVariable("FACTCHECK_DB") ?? throw new InvalidOperationException("pass --db or set FACTCHECK_DB");
int Number(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

switch (args)
{
    case ["fetch", ..]:
        return await FetchBenchCommand.RunAsync(Db(), Number("documents", 1000), Number("hosts", 20), Number("workers", 2));
    case ["webhooks", ..]:
        return await WebhookBenchCommand.RunAsync(Db(), Number("events", 1000), Number("articles", 100), Number("latency-events", 200));
    case ["segments", ..]:
        return SegmentCompareCommand.Run(options.GetValueOrDefault("rules") ?? Path.Combine("..", "shared", "data", "sentence-boundaries", "english-golden-rules.json"));
    case ["window-vectors", ..]:
        return WindowVectorsCommand.Run();
    case ["stored-vectors", ..]:
        return StoredVectorsCommand.Run();
    default:
        BenchmarkSwitcher.FromAssembly(typeof(AnalysisBenchmarks).Assembly).Run(args);
        return 0;
}
