using System.Net;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactCheck.Api.Tests;

public sealed class HealthTests
{
    sealed class UnmigratedFactory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:FactCheck", connectionString);
            builder.UseSetting("Fetching:WorkerEnabled", "false");
            builder.UseSetting("Verification:WorkerEnabled", "false");
            // No tables yet, on purpose: the background samplers' failed queries are expected noise.
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
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
