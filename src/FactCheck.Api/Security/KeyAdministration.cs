using FactCheck.Api.Platform;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Security;

/// <summary>
/// API keys from the command line and on first start, for a service nobody can call yet:
/// <list type="bullet">
/// <item><c>dotnet FactCheck.Api.dll keys create --name NAME --role admin [--role checker …]</c> prints the new key
/// once; <c>keys list</c> shows the keys (never their secrets); <c>keys revoke PREFIX|ID</c> revokes one. They use the
/// configured database, so they work in the container (<c>docker compose run --rm api keys list</c>) and beside
/// <c>scripts/run.sh</c>.</item>
/// <item>On first start, when no bootstrap key is configured and the database holds no key that is not revoked, one
/// admin key (<c>first-admin</c>) is created, only its hash stored, and its secret written to the log once, as
/// well-known servers do with their first admin password. Several processes starting at once create one.</item>
/// </list>
/// </summary>
public static class KeyAdministration
{
    /// <summary>Arbitrary, fixed: serialises first-start key creation across processes.</summary>
    const long FirstKeyLock = 7320005;

    public const string FirstKeyName = "first-admin";

    /// <summary>Runs <c>keys …</c>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        var now = Timestamps.Now(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var verb = args.SkipWhile(a => a != "keys").Skip(1).FirstOrDefault();
        var rest = args.SkipWhile(a => a != "keys").Skip(2).ToList();
        switch (verb)
        {
            case "create":
            {
                var name = Option(rest, "--name") ?? "admin";
                var roles = rest.Select((a, i) => (a, i)).Where(x => x.a == "--role" && x.i + 1 < rest.Count).Select(x => rest[x.i + 1]).Distinct().ToList();
                if (roles.Count == 0) roles = [Roles.Admin];
                if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
                {
                    await output.WriteLineAsync($"unknown role '{unknown}': use {string.Join(", ", Roles.All)}");
                    return 2;
                }
                var (key, secret) = New(name, roles, "keys command", now);
                db.ApiKeys.Add(key);
                Audit.Record(db, new Caller(key.Id, "keys command"), now, "api_key.created", "api_key", key.Id, new { key.Name, key.Prefix, key.Roles });
                await db.SaveChangesAsync(ct);
                await output.WriteLineAsync($"created {key.Prefix} '{key.Name}' ({string.Join(", ", key.Roles)}); the key, shown this once:");
                await output.WriteLineAsync(secret);
                return 0;
            }
            case "list":
            {
                foreach (var k in await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct))
                    await output.WriteLineAsync($"{k.Prefix}  {k.Id}  {k.Name,-24} {string.Join(",", k.Roles),-30} created {k.CreatedAt:yyyy-MM-dd HH:mm} by {k.CreatedBy}{(k.RevokedAt is { } r ? $"  REVOKED {r:yyyy-MM-dd HH:mm}" : "")}");
                return 0;
            }
            case "revoke" when rest.Count == 1:
            {
                var which = rest[0];
                var key = Guid.TryParse(which, out var id)
                    ? await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct)
                    : await db.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == which, ct);
                if (key is null)
                {
                    await output.WriteLineAsync($"no key has the id or prefix '{which}'");
                    return 1;
                }
                key.RevokedAt ??= now;
                key.RevokedBy ??= "keys command";
                Audit.Record(db, new Caller(key.Id, "keys command"), now, "api_key.revoked", "api_key", key.Id, new { key.Name, key.Prefix });
                await db.SaveChangesAsync(ct);
                await output.WriteLineAsync($"revoked {key.Prefix} '{key.Name}'");
                return 0;
            }
            default:
                await output.WriteLineAsync("usage: keys create [--name NAME] [--role ROLE ...] | keys list | keys revoke PREFIX|ID");
                return 2;
        }
    }

    /// <summary>
    /// On first start: when no bootstrap key is configured and no key that is not revoked exists, creates the first
    /// admin key and returns its secret (to be logged once); otherwise null.
    /// </summary>
    public static async Task<(ApiKey Key, string Secret)?> EnsureFirstKeyAsync(FactCheckDbContext db, AuthOptions options, DateTimeOffset now, CancellationToken ct)
    {
        if (options.BootstrapAdminKey is not null) return null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstKeyLock})", ct);
        if (await db.ApiKeys.AnyAsync(k => k.RevokedAt == null, ct)) return null;
        var (key, secret) = New(FirstKeyName, [Roles.Admin], "first start", now);
        db.ApiKeys.Add(key);
        Audit.Record(db, new Caller(key.Id, "first start"), now, "api_key.created", "api_key", key.Id, new { key.Name, key.Prefix, key.Roles });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (key, secret);
    }

    /// <summary>A new key (its row, with only the hash) and its secret, to be shown once; roles in the order of <see cref="Roles.All"/>.</summary>
    internal static (ApiKey Key, string Secret) New(string name, List<string> roles, string by, DateTimeOffset now)
    {
        var (secret, prefix) = ApiKeySecrets.Generate();
        return (new ApiKey
        {
            Id = Guid.CreateVersion7(now), Name = name, Prefix = prefix, Hash = ApiKeySecrets.Hash(secret),
            Roles = [.. roles.OrderBy(r => Roles.All.ToList().IndexOf(r))], CreatedBy = by, CreatedAt = now,
        }, secret);
    }

    static string? Option(List<string> args, string name)
    {
        var i = args.IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }
}

/// <summary>Creates the first admin key once the schema is current (see <see cref="KeyAdministration"/>).</summary>
public sealed class FirstKeyService(SchemaGate schema, IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<FirstKeyService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.BootstrapAdminKey is not null) return;
        await schema.WaitAsync(stoppingToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        if (await KeyAdministration.EnsureFirstKeyAsync(db, options.Value, Timestamps.Now(time), stoppingToken) is { } first)
            logger.LogWarning(
                "No API key existed: created the admin key '{Name}' ({Prefix}). Its secret, shown this once, only its hash is stored: {Secret} . " +
                "Send it as X-Api-Key, create the keys you need (POST /api/v1/keys, or `dotnet FactCheck.Api.dll keys create --name NAME --role ROLE`), then revoke this one",
                first.Key.Name, first.Key.Prefix, first.Secret);
    }
}
