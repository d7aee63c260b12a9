using FactCheck.Data;
using Npgsql;

namespace FactCheck.Api.Platform;

/// <summary>
/// The database in a host: one data source for the process, a context per scope (FactCheck.Data holds the model),
/// the schema gate background work waits on and the outage log it reports to. Any host of a slice's workers (the API,
/// the load runs in tests/FactCheck.Benchmarks) calls this and the slice's <c>Add*</c>.
/// </summary>
public static class DatabaseSetup
{
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DatabaseExtensions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{DatabaseExtensions.ConnectionStringName} (environment ConnectionStrings__{DatabaseExtensions.ConnectionStringName}), " +
                "or start the service with scripts/run.sh, which provides one.");

        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = "factcheck" }.Build();
        builder.Services.AddSingleton(dataSource);
        // Interceptors come from the slices that need them (Webhooks: change events in the change's transaction).
        builder.Services.AddDbContext<FactCheckDbContext>((services, options) =>
            DatabaseExtensions.Configure(options, dataSource).AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()));
        builder.Services.AddSingleton<SchemaGate>();
        builder.Services.AddSingleton<DatabaseOutage>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
