using System.Net.Sockets;
using System.Net;
using FactCheck.Api.Platform;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace FactCheck.Api.Tests.Reliability;

/// <summary>The API pointed at a port where no PostgreSQL listens: every request that needs the database is an outage.</summary>
public sealed class UnreachableDatabaseFactory : ApiFactory
{
    public LogCapture Logs { get; } = new();

    static readonly int DeadPort = FreePort();

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}",
            $"Host=127.0.0.1;Port={DeadPort};Database=nowhere;Username=postgres;Timeout=2");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>An outage is one line in the log, not a stack trace per request (issue 30).</summary>
public sealed class DatabaseOutageTests(UnreachableDatabaseFactory factory) : IClassFixture<UnreachableDatabaseFactory>
{
    [Fact]
    public async Task A_database_outage_is_one_warning_without_a_stack_trace_while_every_request_gets_503()
    {
        using var client = factory.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            var response = await client.GetAsync("/api/v1/articles");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        var ours = factory.Logs.Entries.Where(e => e.Category.StartsWith("FactCheck", StringComparison.Ordinal) && e.Level >= LogLevel.Warning).ToList();
        var outage = Assert.Single(ours, e => e.Message.StartsWith("The database is unavailable (", StringComparison.Ordinal));
        Assert.Contains("Connection refused", outage.Message, StringComparison.OrdinalIgnoreCase);
        Assert.All(ours, e => Assert.Null(e.Exception));
        Assert.True(ours.Count <= 2, string.Join("\n", ours.Select(e => $"{e.Category}: {e.Message}")));
    }

    sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void While_it_lasts_a_summary_a_minute_and_one_line_when_it_ends()
    {
        var time = new ManualTime();
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var outage = new DatabaseOutage(time, loggers.CreateLogger<DatabaseOutage>());
        var refused = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

        for (var i = 0; i < 70; i++) { outage.Report(refused, "GET /api/v1/articles"); time.Now += TimeSpan.FromSeconds(1); }
        outage.Report(refused, "Verification", background: true);
        Assert.True(outage.IsActive);
        outage.Recovered();
        outage.Recovered();

        var lines = logs.Entries.Select(e => e.Message).ToList();
        Assert.Equal(3, lines.Count);
        Assert.StartsWith("The database is unavailable (SocketException: Connection refused; first seen on GET /api/v1/articles)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("The database is still unavailable (", lines[1], StringComparison.Ordinal);
        Assert.Contains("60 requests answered 503 and 0 background passes waited in the last minute", lines[1], StringComparison.Ordinal);
        Assert.Equal("The database answers again after 70 s of outage (70 requests were answered 503)", lines[2]);
        Assert.False(outage.IsActive);
        Assert.All(logs.Entries, e => Assert.Null(e.Exception));
    }
}
