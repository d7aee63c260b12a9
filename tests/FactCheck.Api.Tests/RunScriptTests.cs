using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Infrastructure;

namespace FactCheck.Api.Tests;

/// <summary>
/// Runs scripts/run.sh as a user would on a fresh machine: no database configured, so it creates a
/// private cluster, migrates, serves; then a client posts the Swagger example and presses Ctrl-C.
/// </summary>
/// <remarks>In the "scripts" collection: the scripts build the API, and two builds of one project at once collide.</remarks>
[Collection("scripts")]
public sealed class RunScriptTests
{
    static readonly string Root = RepoRoot.Path;

    [Fact]
    public async Task Run_script_serves_the_api_on_an_embedded_database_and_stops_everything_on_ctrl_c()
    {
        var dataDir = Directory.CreateTempSubdirectory("factcheck-run-").FullName;
        // Like a checkout: readable by the postgres user the script runs the cluster as.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dataDir, (UnixFileMode)0b111_101_101);
        var port = FreePort();
        // env --default-signal=INT: a runner started in the background (CI) ignores SIGINT, and a shell cannot trap a signal
        // ignored on entry; a terminal user's Ctrl-C is not ignored, and that is what this test stands for.
        var start = new ProcessStartInfo("setsid", ["env", "--default-signal=INT", "bash", Path.Combine(Root, "scripts", "run.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        start.Environment.Remove("FACTCHECK_DB");
        // The example's sources are on example domains: no fetching, so the test sends nothing off this machine.
        start.Environment["Fetching__WorkerEnabled"] = "false";
        start.Environment["FACTCHECK_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FACTCHECK_DATA_DIR"] = dataDir;
        start.Environment["FACTCHECK_PG_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReadyAsync(client, process, output);
            Assert.Contains(output, line => line.Contains($"http://localhost:{port}/swagger", StringComparison.Ordinal));
            // The script printed the development key it created; without it the API refuses the request.
            var keyLine = Assert.Single(output, line => line.StartsWith("API key:", StringComparison.Ordinal));
            var key = keyLine["API key:".Length..].Trim().Split(' ')[0];
            Assert.Equal(File.ReadAllText(Path.Combine(dataDir, "dev-api-key")).Trim(), key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/articles")).StatusCode);
            client.DefaultRequestHeaders.Add("X-Api-Key", key);

            var swagger = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
            var example = swagger.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("post")
                .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples").GetProperty("urls").GetProperty("value");
            var response = await client.PostAsJsonAsync("/api/v1/articles", example);

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var article = (await response.Content.ReadFromJsonAsync<ArticleResponse>(ApiFactory.Json))!;
            Assert.Equal(3, article.Sources.Count);
            Assert.NotEmpty(article.Claims);
            Assert.All(article.Claims, c => Assert.Equal(c.Text, article.Body[c.Start..c.End]));
            Assert.Equal("bootstrap-admin", article.SubmittedBy);

            // appsettings.json applies: its 16 KB header limit (Kestrel's default is 32 KB) turns away a 20 KB header.
            using var big = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            big.Headers.Add("X-Padding", new string('a', 20_000));
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await client.SendAsync(big)).StatusCode);
            // A quiet log: no SQL, no failures, one line per entry, so the key printed at start stays in sight.
            var log = output.ToArray();
            Assert.DoesNotContain(log, l => l.Contains("Executed DbCommand", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)
                || l.Contains("fail: ", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));

            // Prometheus metrics, without a key: the service's own beside ASP.NET Core's and Npgsql's.
            using var scraper = new HttpClient { BaseAddress = client.BaseAddress };
            var metrics = await scraper.GetStringAsync("/metrics");
            Assert.Contains(metrics.Split('\n'), l => l.StartsWith("factcheck_articles_ingested_total{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
            Assert.Contains("factcheck_claims_extracted_total{", metrics, StringComparison.Ordinal);
            Assert.Contains("factcheck_fetch_queue_depth{", metrics, StringComparison.Ordinal);
            Assert.Contains("http_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
            Assert.Contains("db_client_operation_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        }
        finally
        {
            using var kill = Process.Start("kill", ["-INT", "--", $"-{process.Id}"]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
        }

        Assert.True(File.Exists(Path.Combine(dataDir, "postgres", "PG_VERSION")), "the cluster was not created under the data directory");
        Assert.False(File.Exists(Path.Combine(dataDir, "postgres", "postmaster.pid")), "the private cluster is still running");
        Assert.Contains(output, line => line.Contains("stopping the private PostgreSQL cluster", StringComparison.Ordinal));
        Directory.Delete(dataDir, recursive: true);
    }

    static async Task WaitUntilReadyAsync(HttpClient client, Process process, IEnumerable<string> output)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "run.sh exited early:\n" + string.Join('\n', output));
            try
            {
                // Ready, and the script has said so (it prints the URLs and the key once /health/ready answers 200).
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode && output.Any(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal))) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500);
        }
        Assert.Fail("the API did not become ready:\n" + string.Join('\n', output));
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
