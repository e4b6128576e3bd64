using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EventsOutboxAndTheirPermissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    sequence = table.Column<long>(type: "bigint", nullable: true),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    actor_display_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    resource_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_occurred_at",
                table: "events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_events_organization_id_sequence",
                table: "events",
                columns: new[] { "organization_id", "sequence" },
                filter: "sequence IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_sequence",
                table: "events",
                column: "sequence",
                unique: true,
                filter: "sequence IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_unsequenced",
                table: "events",
                column: "position",
                filter: "sequence IS NULL");

            // A transaction that writes events tells every instance's sequencer when it commits (EventChannelListener):
            // one notification per statement, and PostgreSQL folds equal ones of a transaction into one.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_events_raised() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('mak_events_raised', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER events_raised AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION notify_events_raised();
                """);

            // The numbers the sequencer gives (EventSequencer), and the highest number purged so far (EventRetention).
            migrationBuilder.Sql("""
                CREATE SEQUENCE event_sequence AS bigint;
                CREATE TABLE event_horizon (id int PRIMARY KEY CHECK (id = 1), purged_through bigint NOT NULL);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS events_raised ON events; DROP FUNCTION IF EXISTS notify_events_raised(); DROP TABLE IF EXISTS event_horizon; DROP SEQUENCE IF EXISTS event_sequence;");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });
        }
    }
}
