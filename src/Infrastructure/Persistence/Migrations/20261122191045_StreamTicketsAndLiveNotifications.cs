using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StreamTicketsAndLiveNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stream_tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sign_in_id = table.Column<Guid>(type: "uuid", nullable: true),
                    scope = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_tickets", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stream_tickets_expires_at",
                table: "stream_tickets",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_stream_tickets_ticket_hash",
                table: "stream_tickets",
                column: "ticket_hash",
                unique: true);

            // The live stream hears of new notifications and bids through these (StreamChannelListener), on every
            // instance. A notification names its recipient and itself; bids, a statement at a time (the bid path inserts
            // one), name their lots — one pg_notify per statement, sent at commit, so a rolled-back bid tells nobody.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_stream_notification() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_stream_notifications', NEW.recipient_user_id::text || ',' || NEW.id::text);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER notifications_stream AFTER INSERT ON notifications
                    FOR EACH ROW EXECUTE FUNCTION notify_stream_notification();
                CREATE FUNCTION notify_stream_bids() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_stream_bids', string_agg(DISTINCT lot_id::text, ',')) FROM new_bids HAVING count(*) > 0;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER bids_stream AFTER INSERT ON bids
                    REFERENCING NEW TABLE AS new_bids
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_stream_bids();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS bids_stream ON bids;
                DROP FUNCTION IF EXISTS notify_stream_bids();
                DROP TRIGGER IF EXISTS notifications_stream ON notifications;
                DROP FUNCTION IF EXISTS notify_stream_notification();
                """);

            migrationBuilder.DropTable(
                name: "stream_tickets");
        }
    }
}
