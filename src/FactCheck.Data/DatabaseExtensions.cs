using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FactCheck.Data;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "FactCheck";

    /// <summary>Where EF Core records the applied migrations.</summary>
    public const string HistoryTable = "__ef_migrations_history";

    /// <summary>The one configuration of a context: PostgreSQL through the data source, the history table, snake-case names.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(HistoryTable))
               .UseSnakeCaseNamingConvention();

    /// <summary>The same configuration on a connection string of its own (tools, dotnet-ef).</summary>
    static DbContextOptionsBuilder<FactCheckDbContext> Configure(string connectionString) =>
        new DbContextOptionsBuilder<FactCheckDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(HistoryTable))
            .UseSnakeCaseNamingConvention();

    /// <summary>Applies pending migrations: the explicit `migrate` step, never implicit at start-up.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        // The history table first (as EF Core itself would create it): on a new database EF reads it before creating it,
        // and logs that expected failure as an error, the one error line of a healthy first start.
        var history = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>A context on its own connection, outside any host: for tools and for migrating before a host starts.</summary>
    /// <param name="interceptors">For a tool that writes change events: a <c>Webhooks.ChangeEventInterceptor</c> and its <c>Commits</c>.</param>
    public static FactCheckDbContext CreateContext(string connectionString, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) =>
        new(Configure(connectionString).AddInterceptors(interceptors).Options);

    /// <summary>Used by dotnet-ef to build migrations without a running database.</summary>
    sealed class DesignTimeFactory : IDesignTimeDbContextFactory<FactCheckDbContext>
    {
        public FactCheckDbContext CreateDbContext(string[] args) => new(Configure("Host=localhost;Database=factcheck_design").Options);
    }

    /// <summary>
    /// Migrations not applied yet. Asks whether the history table exists first: on a database nobody
    /// migrated, reading it fails, and EF Core logs every such failure as an error (each readiness probe,
    /// each background poll).
    /// </summary>
    public static async Task<List<string>> PendingMigrationsAsync(this FactCheckDbContext db, CancellationToken ct)
    {
        var exists = await db.Database.SqlQuery<bool>($"SELECT to_regclass({HistoryTable}) IS NOT NULL AS \"Value\"").SingleAsync(ct);
        if (!exists) return [.. db.Database.GetMigrations()];
        return [.. await db.Database.GetPendingMigrationsAsync(ct)];
    }
}
