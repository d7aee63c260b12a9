using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <inheritdoc />
    public partial class EditorialWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<Guid>>(
                name: "evidence_ids",
                table: "verdicts",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "claims",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "workflow_status",
                table: "claims",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "unreviewed");

            migrationBuilder.CreateIndex(
                name: "ix_claims_workflow_status",
                table: "claims",
                column: "workflow_status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_claims_workflow_status",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "evidence_ids",
                table: "verdicts");

            migrationBuilder.DropColumn(
                name: "version",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "workflow_status",
                table: "claims");
        }
    }
}
