using System.Collections.Concurrent;
using System.Net;
using FactCheck.Api.Platform;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactCheck.Api.Tests;

public sealed class HealthTests
{
    /// <summary>The API on a database nobody migrated, its workers on, every warning and error kept.</summary>
    sealed class UnmigratedFactory(string connectionString, bool workers = false) : WebApplicationFactory<Program>
    {
        public ConcurrentQueue<string> Logged { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:FactCheck", connectionString);
            builder.UseSetting("Fetching:WorkerEnabled", workers ? "true" : "false");
            builder.UseSetting("Verification:WorkerEnabled", workers ? "true" : "false");
            builder.UseSetting("Telemetry:QueueSampleInterval", "00:00:00.200");
            builder.UseSetting("Matching:StatsRefreshInterval", "00:00:01");
            builder.ConfigureLogging(logging => logging.AddProvider(new Capture(Logged)));
        }

        sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
        {
            public ILogger CreateLogger(string category) => new Logger(category, lines);
            public void Dispose() { }

            sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
            {
                public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
                public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning;
                public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                {
                    if (level >= LogLevel.Warning) lines.Enqueue($"{level} {category}: {formatter(state, exception)}");
                }
            }
        }
    }

    [Fact]
    public async Task Background_work_waits_quietly_for_the_migrations_and_starts_once_they_are_applied()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync("factcheck_unmigrated");
        try
        {
            await using var factory = new UnmigratedFactory(connectionString, workers: true);
            using var client = factory.CreateClient();
            var gate = factory.Services.GetRequiredService<SchemaGate>();

            // Workers poll every second or so and the samplers every 200 ms: three seconds is many polls.
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.False(gate.IsOpen);
            var lines = factory.Logged.ToList();
            Assert.DoesNotContain(lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
            Assert.Single(lines, l => l.Contains("SchemaGate", StringComparison.Ordinal) && l.Contains("migrate", StringComparison.Ordinal));

            await using (var db = DatabaseExtensions.CreateContext(connectionString))
                await db.Database.MigrateAsync();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!gate.IsOpen && DateTime.UtcNow < deadline) await Task.Delay(100);

            Assert.True(gate.IsOpen, "the gate did not open after the migrations were applied");
            // Ready once the models are warm too (a few seconds after start).
            while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline.AddSeconds(60)) await Task.Delay(100);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task The_migrate_step_on_a_new_database_logs_no_error()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync("factcheck_unmigrated");
        try
        {
            await using var factory = new UnmigratedFactory(connectionString);
            _ = factory.Services;
            factory.Logged.Clear();

            // What `FactCheck.Api migrate` runs (scripts/run.sh, the container's first start).
            await DatabaseExtensions.MigrateAsync(factory.Services);

            Assert.DoesNotContain(factory.Logged, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
            await using var db = DatabaseExtensions.CreateContext(connectionString);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Ready_is_503_until_the_migrate_step_has_run_while_live_stays_200()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync("factcheck_unmigrated");
        try
        {
            await using var factory = new UnmigratedFactory(connectionString);
            using var client = factory.CreateClient();

            var ready = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("migrate", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Ready_is_503_when_the_database_does_not_answer()
    {
        // Port 9 on loopback (discard): nothing listens there, so the connection is refused at once.
        await using var factory = new UnmigratedFactory("Host=127.0.0.1;Port=9;Database=none;Username=none;Timeout=2");
        using var client = factory.CreateClient();

        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
