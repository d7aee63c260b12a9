using System.Diagnostics;
using System.Text.Json;
using FactCheck.Api.Tests.Infrastructure;

namespace FactCheck.Api.Tests.Search;

/// <summary>
/// The search and matching load test, in a small configuration: the generator loads 3,000 claims by
/// binary COPY, the API serves them and autocannon drives both endpoints at a fixed rate and at saturation.
/// </summary>
[Collection("scripts")]
public sealed class BenchScriptTests
{
    static readonly string Root = RepoRoot.Path;

    [Fact]
    public async Task Generator_and_load_script_run_end_to_end_in_a_small_configuration()
    {
        var server = await TestDatabase.ServerConnectionStringAsync();
        var name = $"factcheck_bench_test_{Guid.NewGuid():N}"[..40];
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "scripts", "bench-search.sh"),
            "--claims", "3000", "--skeletons", "300", "--rate", "10", "--duration", "3", "--connections", "10", "--saturation-connections", "2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        start.Environment["FACTCHECK_BENCH_DB"] = server;
        start.Environment["FACTCHECK_BENCH_DB_NAME"] = name;
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = await process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
            await process.WaitForExitAsync(timeout.Token);
            var log = await stderr;
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{stdout}\n{log}");

            var runs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(4, runs.Count);
            Assert.Equal(["search", "match", "search", "match"], runs.Select(r => r.GetProperty("scenario").GetString()));
            foreach (var run in runs)
            {
                Assert.True(run.GetProperty("requests").GetInt32() > 0, run.ToString());
                // Every answer was a 200: the queries are valid and the key was accepted.
                Assert.Equal(["200"], run.GetProperty("statuses").EnumerateObject().Select(p => p.Name));
                Assert.True(run.GetProperty("p95").GetDouble() >= run.GetProperty("p50").GetDouble());
            }
            Assert.Contains("copied 3,000 claims", log, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        }
    }
}
