using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/FactCheck.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(FactCheck.Benchmarks.AnalysisBenchmarks).Assembly).Run(args);
