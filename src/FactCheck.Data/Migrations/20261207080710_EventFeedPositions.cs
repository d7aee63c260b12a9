using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactCheck.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventFeedPositions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "position",
                table: "change_events",
                type: "bigint",
                nullable: true);

            // The writer's transaction id, not mapped: the feed places an event once its transaction has ended
            // (Events/EventFeed). Events stored before were all committed, in sequence order: they keep it.
            migrationBuilder.Sql("ALTER TABLE change_events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0'::xid8");
            migrationBuilder.Sql("ALTER TABLE change_events ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id()");
            migrationBuilder.Sql("UPDATE change_events SET position = sequence");

            migrationBuilder.CreateIndex(
                name: "ix_change_events_position",
                table: "change_events",
                column: "position",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_change_events_unplaced",
                table: "change_events",
                column: "sequence",
                filter: "position IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_change_events_position",
                table: "change_events");

            migrationBuilder.DropIndex(
                name: "ix_change_events_unplaced",
                table: "change_events");

            migrationBuilder.DropColumn(
                name: "position",
                table: "change_events");

            migrationBuilder.Sql("ALTER TABLE change_events DROP COLUMN transaction_id");
        }
    }
}
