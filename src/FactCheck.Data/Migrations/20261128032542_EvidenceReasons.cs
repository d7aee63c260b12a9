using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <inheritdoc />
    public partial class EvidenceReasons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "reasons",
                table: "evidence",
                type: "text[]",
                nullable: false,
                // Evidence stored before this column: no reasons were recorded.
                defaultValueSql: "'{}'::text[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "reasons",
                table: "evidence");
        }
    }
}
