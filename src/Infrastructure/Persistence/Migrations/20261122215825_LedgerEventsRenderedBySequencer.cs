using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LedgerEventsRenderedBySequencer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "data",
                table: "events",
                type: "json",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "json");

            // A statement that may insert no event (the bid's, refused most of the time) wakes the sequencers only
            // when it did insert one.
            migrationBuilder.Sql("""
                DROP TRIGGER events_raised ON events;
                CREATE OR REPLACE FUNCTION notify_events_raised() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM raised) THEN
                        PERFORM pg_notify('mak_events_raised', '');
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER events_raised AFTER INSERT ON events REFERENCING NEW TABLE AS raised
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_raised();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER events_raised ON events;
                CREATE OR REPLACE FUNCTION notify_events_raised() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_events_raised', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER events_raised AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION notify_events_raised();
                """);
            migrationBuilder.Sql("DELETE FROM events WHERE data IS NULL");
            migrationBuilder.AlterColumn<string>(
                name: "data",
                table: "events",
                type: "json",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "json",
                oldNullable: true);
        }
    }
}
