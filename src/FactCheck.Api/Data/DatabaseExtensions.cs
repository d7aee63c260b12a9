using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace FactCheck.Api.Data;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "FactCheck";

    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{ConnectionStringName} (environment ConnectionStrings__{ConnectionStringName}), " +
                "or start the service with scripts/run.sh, which provides one.");

        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = "factcheck" }.Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddDbContext<FactCheckDbContext>(options => Configure(options, dataSource));
        return builder;
    }

    static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
               .UseSnakeCaseNamingConvention();

    /// <summary>Applies pending migrations: the explicit `migrate` step, never implicit at start-up.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>A context on its own connection, outside any host: for tools and for migrating before a host starts.</summary>
    public static FactCheckDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<FactCheckDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention().Options);

    /// <summary>Used by dotnet-ef to build migrations without a running database.</summary>
    sealed class DesignTimeFactory : IDesignTimeDbContextFactory<FactCheckDbContext>
    {
        public FactCheckDbContext CreateDbContext(string[] args)
        {
            var options = new DbContextOptionsBuilder<FactCheckDbContext>()
                .UseNpgsql("Host=localhost;Database=factcheck_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
                .UseSnakeCaseNamingConvention();
            return new FactCheckDbContext(options.Options);
        }
    }
}
