using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClaimSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "context",
                table: "claims",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "current_verdict",
                table: "claims",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "embedding",
                table: "claims",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "previous_match_id",
                table: "claims",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "previous_match_score",
                table: "claims",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "claim_reviews",
                columns: table => new
                {
                    claim_id = table.Column<Guid>(type: "uuid", nullable: false),
                    review_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    rating = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    rating_value = table.Column<double>(type: "double precision", nullable: true),
                    best_rating = table.Column<double>(type: "double precision", nullable: true),
                    worst_rating = table.Column<double>(type: "double precision", nullable: true),
                    author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    date_published = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    headline = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_reviews", x => x.claim_id);
                    table.ForeignKey(
                        name: "fk_claim_reviews_claims_claim_id",
                        column: x => x.claim_id,
                        principalTable: "claims",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claims_created_at_id",
                table: "claims",
                columns: new[] { "created_at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_claims_current_verdict_created_at",
                table: "claims",
                columns: new[] { "current_verdict", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_claims_previous_match_id",
                table: "claims",
                column: "previous_match_id");

            migrationBuilder.CreateIndex(
                name: "ix_claim_reviews_review_url",
                table: "claim_reviews",
                column: "review_url",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_claims_claims_previous_match_id",
                table: "claims",
                column: "previous_match_id",
                principalTable: "claims",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Full-text search over claims (and an imported fact-check's headline): a stored tsvector with a
            // GIN index, not in the EF model so loading a claim never carries it. Lexeme document
            // frequencies feed the matcher's choice of rare terms; they are recomputed in the background.
            migrationBuilder.Sql("""
                ALTER TABLE claims ADD COLUMN search_vector tsvector
                    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text || ' ' || coalesce(context, ''))) STORED;
                CREATE INDEX ix_claims_search_vector ON claims USING gin (search_vector);
                CREATE TABLE lexeme_stats (lexeme text PRIMARY KEY, df integer NOT NULL);
                CREATE TABLE lexeme_stats_meta (id integer PRIMARY KEY CHECK (id = 1), claims bigint NOT NULL, computed_at timestamptz NOT NULL);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS lexeme_stats_meta;
                DROP TABLE IF EXISTS lexeme_stats;
                DROP INDEX IF EXISTS ix_claims_search_vector;
                ALTER TABLE claims DROP COLUMN IF EXISTS search_vector;
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_claims_claims_previous_match_id",
                table: "claims");

            migrationBuilder.DropTable(
                name: "claim_reviews");

            migrationBuilder.DropIndex(
                name: "ix_claims_created_at_id",
                table: "claims");

            migrationBuilder.DropIndex(
                name: "ix_claims_current_verdict_created_at",
                table: "claims");

            migrationBuilder.DropIndex(
                name: "ix_claims_previous_match_id",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "context",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "current_verdict",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "embedding",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "previous_match_id",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "previous_match_score",
                table: "claims");
        }
    }
}
