using FactCheck.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <summary>
    /// Per-key request budgets shared by every API process: one token bucket row per key and budget
    /// (Security/SharedTokenBucket). Not an EF entity: written by one SQL statement per request.
    /// </summary>
    [DbContext(typeof(FactCheckDbContext))]
    [Migration("20261202080000_SharedRateLimits")]
    public partial class SharedRateLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE rate_buckets (
                    bucket text PRIMARY KEY,
                    tokens double precision NOT NULL,
                    granted boolean NOT NULL,
                    updated_at timestamptz NOT NULL
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE rate_buckets;");
        }
    }
}
