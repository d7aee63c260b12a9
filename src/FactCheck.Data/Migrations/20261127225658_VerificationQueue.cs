using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <inheritdoc />
    public partial class VerificationQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "flag",
                table: "claim_citations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "verification_lease_owner",
                table: "articles",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "verification_lease_until",
                table: "articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_verification_due",
                table: "articles",
                column: "verification_lease_until",
                filter: "status = 'verifying'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_verification_due",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "flag",
                table: "claim_citations");

            migrationBuilder.DropColumn(
                name: "verification_lease_owner",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "verification_lease_until",
                table: "articles");
        }
    }
}
