using System.Diagnostics;
using System.Net;
using FactCheck.Api.Security;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FactCheck.Api.Tests.Security;

/// <summary>The API started with no bootstrap key configured, on a database without keys: a first start.</summary>
public sealed class FirstStartFactory : ApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:BootstrapAdminKey", "");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>Keys on first start and from the command line (issue 29).</summary>
public sealed class KeyAdministrationTests(FirstStartFactory factory) : IClassFixture<FirstStartFactory>
{
    async Task<string> FirstKeyFromLogAsync()
    {
        await factory.WaitReadyAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (factory.Logs.Entries.FirstOrDefault(e => e.Message.StartsWith("No API key existed", StringComparison.Ordinal)) is { } line)
                return line.Message.Split(' ').Single(w => w.StartsWith("fc_", StringComparison.Ordinal) && w.Length > 20);
            await Task.Delay(100);
        }
        throw new TimeoutException("no first key in the log");
    }

    async Task<string> RunKeysAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("keys");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__FactCheck"] = factory.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {output}\n{error}");
        return output;
    }

    [Fact]
    public async Task A_first_start_without_keys_creates_one_admin_key_and_logs_its_secret_once_storing_only_its_hash()
    {
        var secret = await FirstKeyFromLogAsync();
        using var client = factory.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/keys")).StatusCode);
        Assert.Single(factory.Logs.Entries, e => e.Message.StartsWith("No API key existed", StringComparison.Ordinal));

        var keys = await factory.WithDbAsync(db => db.ApiKeys.AsNoTracking().ToListAsync());
        var first = Assert.Single(keys, k => k.Name == KeyAdministration.FirstKeyName);
        Assert.Equal(["admin"], first.Roles);
        Assert.Equal(ApiKeySecrets.Hash(secret), first.Hash);
        Assert.DoesNotContain(secret, await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Select(a => a.Details).ToListAsync()).ContinueWith(t => string.Join("\n", t.Result)), StringComparison.Ordinal);

        // Processes starting together create one key between them; a later start creates none.
        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => factory.WithDbAsync(db =>
            KeyAdministration.EnsureFirstKeyAsync(db, new AuthOptions(), DateTimeOffset.UtcNow, CancellationToken.None))));
        Assert.All(created, Assert.Null);
        Assert.Equal(1, await factory.WithDbAsync(db => db.ApiKeys.CountAsync(k => k.Name == KeyAdministration.FirstKeyName)));
    }

    [Fact]
    public async Task The_keys_command_creates_lists_and_revokes_keys_in_the_configured_database()
    {
        var admin = await FirstKeyFromLogAsync();

        var created = await RunKeysAsync("create", "--name", "night desk", "--role", "checker");
        var secret = created.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.StartsWith("fc_", secret, StringComparison.Ordinal);
        using (var desk = factory.CreateClient(secret))
            Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/api/v1/articles")).StatusCode);

        var listed = await RunKeysAsync("list");
        Assert.Contains("night desk", listed, StringComparison.Ordinal);
        Assert.Contains(KeyAdministration.FirstKeyName, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        var revoked = await RunKeysAsync("revoke", await factory.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "night desk").Select(k => k.Prefix).SingleAsync()));
        Assert.StartsWith("revoked ", revoked, StringComparison.Ordinal);
        using (var desk = factory.CreateClient(secret))
            Assert.Equal(HttpStatusCode.Unauthorized, (await desk.GetAsync("/api/v1/articles")).StatusCode);
        using (var first = factory.CreateClient(admin))
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/articles")).StatusCode);
    }
}
