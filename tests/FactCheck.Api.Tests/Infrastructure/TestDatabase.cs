using Npgsql;
using Testcontainers.PostgreSql;

namespace FactCheck.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server tests run against: the one in FACTCHECK_TEST_DB when set (scripts/test.sh sets
/// it), else a throw-away Testcontainers PostgreSQL 15. Each fixture gets a database of its own.
/// </summary>
public static class TestDatabase
{
    public const string EnvironmentVariable = "FACTCHECK_TEST_DB";

    static readonly SemaphoreSlim Gate = new(1, 1);
    static string? serverConnectionString;
    static PostgreSqlContainer? container;

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await ServerAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await ServerAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The server's connection string (its maintenance database), for scripts that create their own.</summary>
    public static Task<string> ServerConnectionStringAsync() => ServerAsync();

    static async Task<string> ServerAsync()
    {
        if (serverConnectionString is not null) return serverConnectionString;
        await Gate.WaitAsync();
        try
        {
            if (serverConnectionString is not null) return serverConnectionString;
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                serverConnectionString = configured;
            }
            else
            {
                container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await container.StartAsync();
                serverConnectionString = container.GetConnectionString();
            }
            return serverConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }
}
