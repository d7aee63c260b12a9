using FactCheck.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <summary>
    /// Keys the service makes for itself and every process shares: the share-link signing key (Reports/ReportLinks).
    /// Not an EF entity: read and written by one SQL statement.
    /// </summary>
    [DbContext(typeof(FactCheckDbContext))]
    [Migration("20261202150000_SigningKeys")]
    public partial class SigningKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE signing_keys (
                    name text PRIMARY KEY,
                    key bytea NOT NULL,
                    created_at timestamptz NOT NULL
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE signing_keys;");
        }
    }
}
