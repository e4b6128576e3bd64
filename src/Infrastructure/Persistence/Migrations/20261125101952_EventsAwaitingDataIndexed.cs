using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The events a raw-SQL writer raised without their data get an index of their own, which the sequencer reads on
    /// every turn: almost always empty, where the queue's index holds every unnumbered event.
    /// </summary>
    public partial class EventsAwaitingDataIndexed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_events_awaiting_data",
                table: "events",
                column: "position",
                filter: "sequence IS NULL AND data IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_awaiting_data",
                table: "events");
        }
    }
}
