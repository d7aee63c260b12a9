using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArticleWarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "warnings",
                table: "articles",
                type: "text[]",
                nullable: false,
                // Articles stored before warnings were kept have none.
                defaultValueSql: "'{}'::text[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "warnings",
                table: "articles");
        }
    }
}
